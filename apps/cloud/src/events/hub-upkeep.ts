import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { Database } from "../db/connect.ts";
import { type CloseReason, closeReasons } from "./close-reasons.ts";
import type { EventConnection, WorkspaceChannel } from "./event-connection.ts";
import { pruneEvents } from "./event-retention.ts";
import { sweepMemberships } from "./membership-sweep.ts";
import type { RevocationMemory } from "./revocation-memory.ts";

/** The hub's knobs: the defaults suit production; tests shorten them. */
export interface HubTuning {
  /** A connection must send its hello (and pass its checks) within this. */
  helloTimeoutMs: number;
  /** After a close frame, how long the peer has to answer before the socket is terminated. */
  closeGraceMs: number;
  /** Longest a requested close may wait for owed events to be sent first. */
  deferredCloseMs: number;
  /** How often memberships of connected users are re-checked (behind the close-member fan-out message). */
  membershipSweepMs: number;
  /** How often events beyond the retention are deleted. */
  pruneIntervalMs: number;
  /** Resolution of the deadlines above. */
  tickMs: number;
  /** Events read from the log per query during a replay or gap fill. */
  replayPageSize: number;
}

export const defaultHubTuning: HubTuning = {
  helloTimeoutMs: 10_000,
  closeGraceMs: 1000,
  deferredCloseMs: 500,
  membershipSweepMs: 30_000,
  pruneIntervalMs: 60_000,
  tickMs: 200,
  replayPageSize: 500,
};

export interface HubUpkeepDeps {
  db: Database;
  logger: Logger;
  now(): number;
  sockets: ReadonlyMap<WebSocket, EventConnection>;
  channels: ReadonlyMap<string, WorkspaceChannel>;
  awaitingHello: ReadonlySet<EventConnection>;
  deferred: ReadonlySet<EventConnection>;
  closing: ReadonlySet<EventConnection>;
  revocations: RevocationMemory;
  close(connection: EventConnection, reason: CloseReason): void;
  eventRetention: number;
  pingIntervalMs: number;
  tuning: HubTuning;
}

export interface HubUpkeep {
  stop(): void;
  /** Resolves when a sweep or prune in progress has finished. */
  idle(): Promise<void>;
}

/**
 * Every timed duty of the hub on a handful of shared intervals — never a timer per connection: hello and
 * close deadlines, WebSocket pings, the membership sweep and event retention.
 */
export function createHubUpkeep(deps: HubUpkeepDeps): HubUpkeep {
  const tuning = deps.tuning;
  const running = new Set<Promise<unknown>>();

  function tick(): void {
    const now = deps.now();
    for (const connection of [...deps.awaitingHello]) {
      if (now - connection.openedAt >= tuning.helloTimeoutMs) {
        deps.close(connection, closeReasons.helloTimeout);
      }
    }
    for (const connection of [...deps.deferred]) {
      if (now - connection.deferredSince >= tuning.deferredCloseMs && connection.deferredClose) {
        deps.close(connection, connection.deferredClose);
      }
    }
    for (const connection of deps.closing) {
      if (now >= connection.closeDeadline) connection.socket.terminate();
    }
    deps.revocations.forgetBefore(now - Math.max(60_000, 3 * tuning.helloTimeoutMs));
  }

  /** A connection that left two pings unanswered is gone (a dead link, or a peer that stopped reading). */
  function ping(): void {
    for (const connection of deps.sockets.values()) {
      if (connection.state !== "live" && connection.state !== "catching-up") continue;
      if (connection.unansweredPings >= 2) {
        deps.close(connection, closeReasons.pingTimeout);
        continue;
      }
      connection.unansweredPings += 1;
      connection.socket.ping();
    }
  }

  function exclusive(name: string, work: () => Promise<unknown>): () => void {
    let current: Promise<unknown> | null = null;
    return () => {
      if (current) return;
      current = work()
        .catch((error: unknown) => deps.logger.error({ err: error }, `${name} failed`))
        .finally(() => {
          if (current) running.delete(current);
          current = null;
        });
      running.add(current);
    };
  }

  const sweep = exclusive("membership sweep", async () => {
    const closed = await sweepMemberships(deps);
    if (closed > 0) deps.logger.info({ closed }, "closed connections of former members");
  });
  const prune = exclusive("event pruning", () => pruneEvents(deps.db, deps.eventRetention));

  const timers = [
    setInterval(tick, tuning.tickMs),
    setInterval(ping, deps.pingIntervalMs),
    setInterval(sweep, tuning.membershipSweepMs),
    setInterval(prune, tuning.pruneIntervalMs),
  ];
  for (const timer of timers) timer.unref();

  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
