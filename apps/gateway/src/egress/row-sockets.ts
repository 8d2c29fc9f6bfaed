/*
 * The open sockets of each row, so that blocking a row also cuts what that row already has open. The guard
 * decides when a connection opens; without this, a kept-alive connection (undici's pool to the Cloud, which
 * heartbeats keep warm forever, a provider's pooled connection, the event socket) would carry on after the user
 * blocked its row, and the block would not take effect at once.
 *
 * Which row a socket belongs to is what the guard recorded in its ledger as it handed the socket over: the
 * ledger's `open` runs synchronously at that moment. undici then publishes the socket on
 * `undici:client:connected` (after an await, so the row is remembered per target until then; undici
 * connections carry no row hint, so a target maps to one row); Node's agents return it from
 * `createConnection` directly. Hand-written: neither the guard nor undici offers "close the connections of one origin".
 *
 * The guard decides before undici connects, so a row may stop being allowed while its socket is still being
 * opened (the user blocks it, the web fetch it was for times out): `lapsed` is asked as undici publishes each
 * socket, and such a socket is cut at once instead of staying in undici's pool, where it would outlive its reason.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Agent as HttpAgent } from "node:http";
import type { Duplex } from "node:stream";
import type { ConnectionLedger, EgressTarget } from "@multiclaw/egress/node";
import { targetKey } from "./target-key.ts";

export interface RowSockets {
  /** The ledger to give the guard: the same ledger, noting which row each new socket is for. */
  readonly ledger: ConnectionLedger;
  /** Makes sockets this agent opens known by row (patched in place, once per agent); returns the agent. */
  trackAgent<A extends HttpAgent>(agent: A): A;
  /**
   * Destroys every open socket of `rowId` (only those to `host:port` when `only` is given) with the error
   * `errorFor(target)` makes; returns how many.
   */
  cut(rowId: string, errorFor: (target: string) => Error, only?: { host: string; port: number }): number;
  /** Stops following undici's sockets. */
  close(): void;
}

interface Tracked {
  rowId: string;
  /** `host:port`, lower case, without IPv6 brackets. */
  target: string;
}

export interface RowSocketsOptions {
  /** Why a socket of `rowId` to `target` may no longer stay open, or undefined while it may. */
  lapsed?(rowId: string, target: EgressTarget): Error | undefined;
}

type CreateConnection = (options: Record<string, unknown>, created: unknown) => Duplex | undefined;

function portOf(protocol: string | undefined, port: string | number | undefined): number {
  const number = Number(port);
  if (port !== undefined && port !== "" && Number.isInteger(number) && number > 0) return number;
  return protocol === "https:" ? 443 : 80;
}

export function createRowSockets(ledger: ConnectionLedger, options: RowSocketsOptions = {}): RowSockets {
  const open = new Map<Duplex, Tracked>();
  /** Undici connections the guard opened whose socket undici has not published yet, by target. */
  const undiciOpening = new Map<string, { rowId: string; pending: number }>();
  const patched = new WeakSet<HttpAgent>();
  /** Set while one of our agents creates a connection: the row its `ledger.open` names. */
  let agentOpening: { rowId?: string } | null = null;

  function add(socket: Duplex, tracked: Tracked): void {
    if (socket.destroyed) return;
    open.set(socket, tracked);
    socket.once("close", () => open.delete(socket));
  }

  const onUndiciConnected = (message: unknown) => {
    const { socket, connectParams } = message as {
      socket?: Duplex;
      connectParams?: { hostname?: string; protocol?: string; port?: string | number };
    };
    if (!socket || !connectParams?.hostname) return;
    const port = portOf(connectParams.protocol, connectParams.port);
    const key = targetKey(connectParams.hostname, port);
    const opening = undiciOpening.get(key);
    // Not a connection the guard opened (the socket watcher deals with those).
    if (!opening) return;
    opening.pending -= 1;
    if (opening.pending <= 0) undiciOpening.delete(key);
    // Connected after an await since the guard's decision (Node's agents decide and hand over in one call).
    const lapsed = options.lapsed?.(opening.rowId, {
      scheme: connectParams.protocol ?? "https:",
      host: connectParams.hostname,
      port,
      row: opening.rowId,
    });
    if (lapsed) socket.destroy(lapsed);
    else add(socket, { rowId: opening.rowId, target: key });
  };
  subscribe("undici:client:connected", onUndiciConnected);

  const tracking: ConnectionLedger = {
    open(entry) {
      if (agentOpening) {
        agentOpening.rowId = entry.rowId;
      } else {
        const key = targetKey(entry.host, entry.port);
        const opening = undiciOpening.get(key);
        undiciOpening.set(key, { rowId: entry.rowId, pending: (opening?.pending ?? 0) + 1 });
      }
      return ledger.open(entry);
    },
    blocked: (entry) => ledger.blocked(entry),
    entries: () => ledger.entries(),
    summary: (rows, configured) => ledger.summary(rows, configured),
    toJsonLines: () => ledger.toJsonLines(),
  };

  return {
    ledger: tracking,
    trackAgent(agent) {
      if (patched.has(agent)) return agent;
      patched.add(agent);
      const holder = agent as unknown as { createConnection: CreateConnection };
      const original = holder.createConnection.bind(agent);
      holder.createConnection = (connection, created) => {
        const opening: { rowId?: string } = {};
        agentOpening = opening;
        let socket: Duplex | undefined;
        try {
          socket = original(connection, created);
        } finally {
          agentOpening = null;
        }
        if (socket && opening.rowId) {
          const host = String(connection.hostname ?? connection.host ?? "localhost");
          add(socket, { rowId: opening.rowId, target: targetKey(host, Number(connection.port)) });
        }
        return socket as Duplex;
      };
      return agent;
    },
    cut(rowId, errorFor, only) {
      const target = only && targetKey(only.host, only.port);
      let count = 0;
      for (const [socket, tracked] of open) {
        if (tracked.rowId !== rowId || (target && tracked.target !== target)) continue;
        open.delete(socket);
        socket.destroy(errorFor(tracked.target));
        count += 1;
      }
      return count;
    },
    close() {
      unsubscribe("undici:client:connected", onUndiciConnected);
    },
  };
}
