import type { ResyncFrame } from "@multiclaw/protocol";
import type { Logger } from "pino";
import type { Database } from "../db/connect.ts";
import { type CloseReason, closeReasons } from "./close-reasons.ts";
import type { EventConnection, WorkspaceChannel } from "./event-connection.ts";
import { readEventsAfter, type StoredEvent } from "./event-log.ts";

export interface EventDeliveryDeps {
  db: Database;
  logger: Logger;
  channels: ReadonlyMap<string, WorkspaceChannel>;
  /** A connection whose unsent bytes exceed this is dropped as a slow consumer. */
  maxBufferedBytes: number;
  close(connection: EventConnection, reason: CloseReason): void;
  /** Registers background work (gap fills) so shutdown can wait for it. */
  track?(work: Promise<unknown>): void;
  /** Events read from the log per query. */
  pageSize?: number;
  /** How long a replay waits for a client to take its backlog before dropping it. */
  drainTimeoutMs?: number;
}

export interface EventDelivery {
  /** An event from the fan-out: sent, in order, to the live connections of its workspace. */
  receive(event: StoredEvent): void;
  /** Sends a connection the stored events it is owed, then makes it live. */
  catchUp(connection: EventConnection): Promise<void>;
}

const TEXT = { binary: false } as const;

/**
 * Exactly-once, in-order delivery. Two levels:
 * - per workspace, the channel turns the fan-out (which may drop or reorder messages between nodes) into a
 *   gapless sequence, filling any hole from the log with ONE query for all its connections;
 * - per connection, `lastSeq` drops repeats, and a connection that is behind (just connected, or missed
 *   events while catching up) reads what it is owed from the log before it takes live events again.
 * Events are stored before they are published, so the log always holds whatever the fan-out announced.
 */
export function createEventDelivery(deps: EventDeliveryDeps): EventDelivery {
  const pageSize = deps.pageSize ?? 500;
  const drainTimeoutMs = deps.drainTimeoutMs ?? 10_000;
  const drainThreshold = Math.max(1, Math.floor(deps.maxBufferedBytes / 2));

  function background(work: Promise<void>): void {
    deps.track?.(work);
  }

  function sendLive(connection: EventConnection, data: Buffer): void {
    connection.socket.send(data, TEXT);
    if (connection.socket.bufferedAmount > deps.maxBufferedBytes) {
      deps.close(connection, closeReasons.slowConsumer);
    }
  }

  /** One event, in channel order, to every connection of the workspace; `data` is shared by all sockets. */
  function broadcast(channel: WorkspaceChannel, seq: number, data: Buffer): void {
    for (const connection of channel.connections) {
      if (connection.state === "live") {
        if (connection.deferredClose && seq > connection.deferredUntilSeq) {
          // Everything up to the revocation is sent: nothing after it may be.
          deps.close(connection, connection.deferredClose);
        } else if (seq === connection.lastSeq + 1) {
          connection.lastSeq = seq;
          sendLive(connection, data);
        } else if (seq > connection.lastSeq + 1) {
          connection.targetSeq = seq;
          background(catchUp(connection));
        }
      } else if (connection.state === "catching-up" && seq > connection.targetSeq) {
        connection.targetSeq = seq;
      }
    }
  }

  function receive(event: StoredEvent): void {
    const channel = deps.channels.get(event.workspaceId);
    if (!channel) return;
    if (channel.lastSeq !== null && event.seq <= channel.lastSeq) return;
    if (channel.filling) {
      // The fill reads up to the newest seq it knows of; this one comes from the log with the rest.
      if (event.seq > channel.targetSeq) channel.targetSeq = event.seq;
      return;
    }
    if (channel.lastSeq === null || event.seq === channel.lastSeq + 1) {
      channel.lastSeq = event.seq;
      broadcast(channel, event.seq, Buffer.from(event.frame));
      return;
    }
    channel.targetSeq = event.seq;
    background(fillChannel(channel));
  }

  async function fillChannel(channel: WorkspaceChannel): Promise<void> {
    channel.filling = true;
    try {
      while (
        channel.lastSeq !== null &&
        channel.lastSeq < channel.targetSeq &&
        channel.connections.size > 0
      ) {
        const page = await readEventsAfter(deps.db, channel.workspaceId, channel.lastSeq, pageSize);
        if (page.length === 0) {
          // Cannot happen for events published after commit; never spin on it.
          deps.logger.warn(
            { workspaceId: channel.workspaceId, seq: channel.targetSeq },
            "announced event not in the log",
          );
          channel.lastSeq = channel.targetSeq;
          break;
        }
        for (const event of page) {
          if (event.seq <= channel.lastSeq) continue;
          channel.lastSeq = event.seq;
          broadcast(channel, event.seq, Buffer.from(event.frame));
        }
      }
    } catch (error) {
      // The next event retries the fill; connections are not harmed meanwhile.
      deps.logger.error({ err: error, workspaceId: channel.workspaceId }, "event gap fill failed");
    } finally {
      channel.filling = false;
    }
    for (const connection of channel.connections) {
      if (connection.deferredClose && connection.state === "live") {
        deps.close(connection, connection.deferredClose);
      }
    }
  }

  async function catchUp(connection: EventConnection): Promise<void> {
    connection.state = "catching-up";
    try {
      if (!(await sendOwedEvents(connection))) return;
    } catch (error) {
      deps.logger.error({ err: error, workspaceId: connection.workspaceId }, "event replay failed");
      deps.close(connection, closeReasons.internal);
      return;
    }
    if (connection.state !== "catching-up") return;
    if (connection.deferredClose) {
      deps.close(connection, connection.deferredClose);
      return;
    }
    // No await between the last check of the target and this line: an event published meanwhile either was
    // read from the log or arrives after this, as a live event.
    connection.state = "live";
  }

  /** False when the connection was closed on the way. */
  async function sendOwedEvents(connection: EventConnection): Promise<boolean> {
    const channel = connection.channel;
    for (;;) {
      let target = Math.max(connection.targetSeq, channel?.lastSeq ?? 0);
      // A revoked connection still gets what it was owed when revoked, and nothing after.
      if (connection.deferredClose) target = Math.min(target, connection.deferredUntilSeq);
      if (connection.lastSeq >= target) return true;
      const page = await readEventsAfter(deps.db, connection.workspaceId, connection.lastSeq, pageSize);
      if (connection.state !== "catching-up") return false;
      const first = page[0];
      const last = page.at(-1);
      if (!first || !last) {
        deps.logger.warn(
          { workspaceId: connection.workspaceId, seq: target },
          "announced event not in the log",
        );
        connection.lastSeq = target;
        return true;
      }
      if (first.seq > connection.lastSeq + 1) {
        // Pruned while this client was behind: it needs a fresh snapshot; continue after the newest seen.
        const seq = Math.max(target, last.seq);
        sendResync(connection, seq, first.seq);
        connection.lastSeq = seq;
        continue;
      }
      for (const event of page) {
        if (event.seq !== connection.lastSeq + 1) continue;
        connection.socket.send(event.frame);
        connection.lastSeq = event.seq;
        if (connection.deferredClose && connection.lastSeq >= connection.deferredUntilSeq) return true;
        if (connection.socket.bufferedAmount > drainThreshold && !(await waitForDrain(connection))) {
          return false;
        }
      }
    }
  }

  /** A replay goes only as fast as the client reads: wait for its backlog to halve, or drop it. */
  async function waitForDrain(connection: EventConnection): Promise<boolean> {
    const deadline = Date.now() + drainTimeoutMs;
    while (connection.socket.bufferedAmount > drainThreshold) {
      if (connection.state !== "catching-up") return false;
      if (Date.now() > deadline) {
        deps.close(connection, closeReasons.slowConsumer);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return connection.state === "catching-up";
  }

  function sendResync(connection: EventConnection, seq: number, oldestRetainedSeq: number): void {
    const frame: ResyncFrame = {
      type: "resync",
      workspaceId: connection.workspaceId,
      seq,
      oldestRetainedSeq,
    };
    connection.socket.send(JSON.stringify(frame));
  }

  return { receive, catchUp };
}
