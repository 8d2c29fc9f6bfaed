import type { RunEvent, RunEventBody } from "@multiclaw/protocol";
import { type Deferred, deferred } from "./abortable.ts";
import type { RunStore } from "./run-store.ts";

/*
 * One run's event log. Every event is stored first and published only after the store resolved, one at a
 * time and in `seq` order, so a client that reads the stored log after any event it was sent sees no gap.
 *
 * Text deltas are not awaited by the model loop (a token must not wait for the disk): they join the queue and,
 * while an earlier write is still in flight, merge into the delta waiting behind it. With a fast store every
 * provider chunk becomes one event; with a slow one the events grow instead of the delay. The final
 * assistant message is stored whole as well, so the log always holds the full text.
 */

export interface RunLog {
  /** Stores the event, publishes it, and resolves with it (rejects if the store failed). */
  append(body: RunEventBody): Promise<RunEvent>;
  /** Queues a text delta without waiting; a store failure surfaces at the next `append` or `settled`. */
  appendTextDelta(messageId: string, delta: string): void;
  /** Resolves once everything queued so far is stored and published. */
  settled(): Promise<void>;
}

interface QueuedEvent {
  body: RunEventBody;
  written: Deferred<RunEvent> | null;
}

export function createRunLog(options: {
  runId: string;
  store: Pick<RunStore, "appendEvent">;
  now: () => string;
  publish: (event: RunEvent) => void;
}): RunLog {
  const { runId, store, now, publish } = options;
  const queue: QueuedEvent[] = [];
  let draining: Promise<void> | null = null;
  // After one failed write the log is broken: later events would describe a run whose history has a hole.
  let failure: { error: unknown } | null = null;

  function enqueue(item: QueuedEvent): void {
    queue.push(item);
    draining ??= drain();
  }

  async function drain(): Promise<void> {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      if (failure !== null) {
        item.written?.reject(failure.error);
        continue;
      }
      try {
        const event = await store.appendEvent(runId, now(), item.body);
        publish(event);
        item.written?.resolve(event);
      } catch (error) {
        failure = { error };
        item.written?.reject(error);
      }
    }
    draining = null;
  }

  return {
    append(body) {
      if (failure !== null) return Promise.reject(failure.error);
      const written = deferred<RunEvent>();
      enqueue({ body, written });
      return written.promise;
    },

    appendTextDelta(messageId, delta) {
      if (failure !== null || delta.length === 0) return;
      const waiting = queue.at(-1);
      if (
        waiting !== undefined &&
        waiting.written === null &&
        waiting.body.type === "text-delta" &&
        waiting.body.messageId === messageId
      ) {
        waiting.body = { ...waiting.body, delta: waiting.body.delta + delta };
        return;
      }
      enqueue({ body: { type: "text-delta", messageId, delta }, written: null });
    },

    async settled() {
      while (draining !== null) await draining;
      if (failure !== null) throw failure.error;
    },
  };
}
