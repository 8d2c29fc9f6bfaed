import type { RunEvent, RunEventBody } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { deferred } from "./abortable.ts";
import { createRunLog } from "./run-log.ts";

const runId = "run_00000000000000000000000001";
const messageId = "msg_00000000000000000000000001";

/** A store whose writes finish only when the test lets them. */
function gatedStore() {
  const stored: RunEvent[] = [];
  const gates: ReturnType<typeof deferred<void>>[] = [];
  return {
    stored,
    gates,
    async appendEvent(id: string, at: string, event: RunEventBody): Promise<RunEvent> {
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      const written = { runId: id, seq: stored.length + 1, at, event };
      stored.push(written);
      return written;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("a run's event log", () => {
  it("publishes each event only after the store has it, one at a time, in order", async () => {
    const store = gatedStore();
    const published: RunEvent[] = [];
    const log = createRunLog({
      runId,
      store,
      now: () => "2026-01-01T00:00:00.000Z",
      publish: (e) => published.push(e),
    });

    const first = log.append({ type: "run-state", state: "running", error: null });
    const second = log.append({ type: "usage", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    await tick();
    expect(store.gates).toHaveLength(1);
    expect(published).toEqual([]);

    store.gates[0]?.resolve();
    expect((await first).seq).toBe(1);
    expect(published.map((event) => event.seq)).toEqual([1]);
    await tick();
    store.gates[1]?.resolve();
    expect((await second).seq).toBe(2);
    expect(published).toEqual(store.stored);
  });

  it("merges deltas queued behind a write in flight, without reordering other events", async () => {
    const store = gatedStore();
    const published: RunEvent[] = [];
    const log = createRunLog({
      runId,
      store,
      now: () => "2026-01-01T00:00:00.000Z",
      publish: (e) => published.push(e),
    });

    log.appendTextDelta(messageId, "a");
    log.appendTextDelta(messageId, "b");
    log.appendTextDelta(messageId, "c");
    const usage = log.append({ type: "usage", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    log.appendTextDelta(messageId, "d");
    log.appendTextDelta(messageId, "e");
    for (let i = 0; i < 4; i++) {
      await tick();
      store.gates[i]?.resolve();
    }
    await usage;
    await log.settled();
    expect(published.map((event) => event.event)).toEqual([
      { type: "text-delta", messageId, delta: "a" },
      { type: "text-delta", messageId, delta: "bc" },
      { type: "usage", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
      { type: "text-delta", messageId, delta: "de" },
    ]);
  });

  it("stops after a failed write: later events are refused, not written with a hole before them", async () => {
    let calls = 0;
    const published: RunEvent[] = [];
    const log = createRunLog({
      runId,
      store: {
        async appendEvent(id, at, event) {
          calls++;
          if (calls === 1) throw new Error("disk full");
          return { runId: id, seq: calls, at, event };
        },
      },
      now: () => "2026-01-01T00:00:00.000Z",
      publish: (event) => published.push(event),
    });
    log.appendTextDelta(messageId, "lost");
    await expect(log.settled()).rejects.toThrow("disk full");
    await expect(log.append({ type: "run-state", state: "failed", error: null })).rejects.toThrow(
      "disk full",
    );
    expect(calls).toBe(1);
    expect(published).toEqual([]);
  });
});
