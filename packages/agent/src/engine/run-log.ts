import type { RunEvent, RunEventBody } from "@multiclaw/protocol";
import { type Deferred, deferred } from "./abortable.ts";
import type { EventRows, RunStore } from "./run-store.ts";

/*
 * One run's event log. Every event is stored first and published only after the store resolved, one write at
 * a time and in `seq` order, so a client that reads the stored log after any event it was sent sees no gap.
 *
 * Text deltas are not awaited by the model loop (a token must not wait for the disk): they join the queue and,
 * while an earlier write is still in flight, merge into the delta waiting behind it. With a fast store every
 * provider chunk becomes one event; with a slow one the events grow instead of the delay. The final
 * assistant message is stored whole as well, so the log always holds the full text.
 */

/** One event of a group written together: its body and the rows it changes. */
export interface LogEntry {
  body: RunEventBody;
  rows?: EventRows;
}

export interface RunLog {
  /**
   * Stores the event (with the rows it changes, in the same transaction), publishes it, and resolves with it
   * (rejects if the store failed).
   */
  append(body: RunEventBody, rows?: EventRows): Promise<RunEvent>;
  /**
   * Stores several events, with their rows, in one transaction (all of them or none), then publishes them in
   * order; resolves with them.
   */
  appendAll(entries: readonly LogEntry[]): Promise<RunEvent[]>;
  /** Queues a text delta without waiting; a store failure surfaces at the next `append` or `settled`. */
  appendTextDelta(messageId: string, delta: string): void;
  /** Resolves once everything queued so far is stored and published. */
  settled(): Promise<void>;
}

/** Events stored in one transaction; `written` is null for a text delta nobody waits for. */
interface QueuedGroup {
  entries: LogEntry[];
  written: Deferred<RunEvent[]> | null;
}

export function createRunLog(options: {
  runId: string;
  store: Pick<RunStore, "appendEvents">;
  now: () => string;
  publish: (event: RunEvent) => void;
}): RunLog {
  const { runId, store, now, publish } = options;
  const queue: QueuedGroup[] = [];
  let draining: Promise<void> | null = null;
  // After one failed write the log is broken: later events would describe a run whose history has a hole.
  let failure: { error: unknown } | null = null;

  function enqueue(group: QueuedGroup): void {
    queue.push(group);
    draining ??= drain();
  }

  async function drain(): Promise<void> {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      if (failure !== null) {
        group.written?.reject(failure.error);
        continue;
      }
      try {
        const at = now();
        const events = await store.appendEvents(
          runId,
          group.entries.map(({ body, rows }) => (rows === undefined ? { at, body } : { at, body, rows })),
        );
        for (const event of events) publish(event);
        group.written?.resolve(events);
      } catch (error) {
        failure = { error };
        group.written?.reject(error);
      }
    }
    draining = null;
  }

  function appendAll(entries: readonly LogEntry[]): Promise<RunEvent[]> {
    if (failure !== null) return Promise.reject(failure.error);
    const written = deferred<RunEvent[]>();
    enqueue({ entries: [...entries], written });
    return written.promise;
  }

  return {
    appendAll,

    async append(body, rows) {
      const [event] = await appendAll([rows === undefined ? { body } : { body, rows }]);
      return event as RunEvent;
    },

    appendTextDelta(messageId, delta) {
      if (failure !== null || delta.length === 0) return;
      const waiting = queue.at(-1);
      const entry = waiting?.entries[0];
      if (
        waiting !== undefined &&
        waiting.written === null &&
        entry?.body.type === "text-delta" &&
        entry.body.messageId === messageId
      ) {
        entry.body = { ...entry.body, delta: entry.body.delta + delta };
        return;
      }
      enqueue({ entries: [{ body: { type: "text-delta", messageId, delta } }], written: null });
    },

    async settled() {
      while (draining !== null) await draining;
      if (failure !== null) throw failure.error;
    },
  };
}
