import { endsRun, type RunEvent, type RunEventFrame } from "@multiclaw/protocol";
import type { Logger } from "pino";
import type { RunReads } from "./local-api-deps.ts";
import type { RunCursor, StreamConnection } from "./stream-connection.ts";

export interface RunDeliveryDeps {
  store: Pick<RunReads, "listEvents">;
  logger: Logger;
  pageSize: number;
  /** Sends one frame; may close the connection as a slow consumer. */
  send(connection: StreamConnection, frame: string): void;
  /** Resolves true once what was sent has reached the socket, false if the connection was closed meanwhile. */
  flushed(connection: StreamConnection): Promise<boolean>;
  /** A read of the store failed: the connection is closed so the client reconnects and resumes. */
  failed(connection: StreamConnection, error: unknown): void;
  track(work: Promise<unknown>): void;
}

export interface RunDelivery {
  /** A live event, already stored. `frame` serialises it once for every connection. */
  live(connection: StreamConnection, event: RunEvent, frame: () => string): void;
  /** Starts a run's subscription at `after`: stored events first, then live ones, gapless. */
  replay(connection: StreamConnection, runId: string, cursor: RunCursor): Promise<void>;
}

/** A store that keeps announcing events it does not return is broken; stop asking after this many empty reads. */
const MAX_EMPTY_READS = 3;

export function serialiseRunEvent(event: RunEvent): string {
  return JSON.stringify({ type: "run-event", ...event } satisfies RunEventFrame);
}

/**
 * Exactly-once, in-order delivery per run and connection. A live event that follows the last one sent goes out
 * at once; one that leaves a gap (it overtook an event still being stored, or the connection is catching up)
 * starts a fill from the store instead. The cursor is registered before the first read, so an event stored
 * during the read is either in what the read returns or announced live after it — never neither.
 */
export function createRunDelivery(deps: RunDeliveryDeps): RunDelivery {
  function live(connection: StreamConnection, event: RunEvent, frame: () => string): void {
    let cursor = connection.cursors.get(event.runId);
    if (!cursor) {
      if (!connection.all) return;
      // A run first heard of through "all": its stream starts with this event.
      cursor = { lastSent: event.seq - 1, filling: false, target: 0, viaAll: true };
      connection.cursors.set(event.runId, cursor);
    }
    if (cursor.filling) {
      cursor.target = Math.max(cursor.target, event.seq);
      return;
    }
    if (event.seq <= cursor.lastSent) return;
    if (event.seq === cursor.lastSent + 1) {
      cursor.lastSent = event.seq;
      deps.send(connection, frame());
      // An ended run has nothing more to send (stream-connection.ts, RunCursor.viaAll).
      if (cursor.viaAll && endsRun(event.event)) connection.cursors.delete(event.runId);
      return;
    }
    cursor.target = event.seq;
    deps.track(fill(connection, event.runId, cursor));
  }

  async function fill(connection: StreamConnection, runId: string, cursor: RunCursor): Promise<void> {
    cursor.filling = true;
    let emptyReads = 0;
    try {
      while (connection.state === "open") {
        const events = await deps.store.listEvents(runId, cursor.lastSent, deps.pageSize);
        if (connection.state !== "open") return;
        let sent = 0;
        for (const event of events) {
          if (event.seq <= cursor.lastSent) continue;
          if (event.seq !== cursor.lastSent + 1) break;
          cursor.lastSent = event.seq;
          deps.send(connection, serialiseRunEvent(event));
          sent += 1;
          if (connection.state !== "open") return;
        }
        if (sent > 0 && !(await deps.flushed(connection))) return;
        // Live events that arrived during the read or the flush raised the target: read again for them.
        const caughtUp = cursor.lastSent >= cursor.target;
        if (caughtUp && (sent === 0 || events.length < deps.pageSize)) return;
        emptyReads = sent === 0 ? emptyReads + 1 : 0;
        if (emptyReads >= MAX_EMPTY_READS) {
          deps.logger.error(
            { runId, lastSent: cursor.lastSent, target: cursor.target },
            "the store does not return run events that were announced",
          );
          return;
        }
      }
    } catch (error) {
      deps.failed(connection, error);
    } finally {
      cursor.filling = false;
    }
  }

  return { live, replay: fill };
}
