import type { RunEvent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { deferred } from "./abortable.ts";
import { createRunLog } from "./run-log.ts";
import type { NewRunEvent, RunStore } from "./run-store.ts";

const runId = "run_00000000000000000000000001";
const messageId = "msg_00000000000000000000000001";

/** A store whose writes (one per group of events) finish only when the test lets them. */
function gatedStore() {
  const stored: RunEvent[] = [];
  const gates: ReturnType<typeof deferred<void>>[] = [];
  const writes: (readonly NewRunEvent[])[] = [];
  return {
    stored,
    gates,
    writes,
    async appendEvents(id: string, events: readonly NewRunEvent[]): Promise<RunEvent[]> {
      writes.push(events);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return events.map(({ at, body }) => {
        const written = { runId: id, seq: stored.length + 1, at, event: body };
        stored.push(written);
        return written;
      });
    },
  };
}

/** A log of the run over the store, and what it published. */
function logOver(store: Pick<RunStore, "appendEvents">) {
  const published: RunEvent[] = [];
  const log = createRunLog({
    runId,
    store,
    now: () => "2026-01-01T00:00:00.000Z",
    publish: (e) => published.push(e),
  });
  return { log, published };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("a run's event log", () => {
  it("publishes each event only after the store has it, one at a time, in order", async () => {
    const store = gatedStore();
    const { log, published } = logOver(store);

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
    const { log, published } = logOver(store);

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

  it("writes a group of events as one store write, with their rows, and publishes them in order after it", async () => {
    const store = gatedStore();
    const { log, published } = logOver(store);
    const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    const runUpdate = { usage, updatedAt: "2026-01-01T00:00:00.000Z" };
    const group = log.appendAll([
      { body: { type: "text-delta", messageId, delta: "hi" } },
      { body: { type: "usage", usage }, rows: { runUpdate } },
    ]);
    await tick();
    expect(store.writes).toEqual([
      [
        { at: "2026-01-01T00:00:00.000Z", body: { type: "text-delta", messageId, delta: "hi" } },
        { at: "2026-01-01T00:00:00.000Z", body: { type: "usage", usage }, rows: { runUpdate } },
      ],
    ]);
    expect(published).toEqual([]);
    store.gates[0]?.resolve();
    expect((await group).map((event) => event.seq)).toEqual([1, 2]);
    expect(published).toEqual(store.stored);
  });

  it("stops after a failed write: later events are refused, not written with a hole before them", async () => {
    let calls = 0;
    const { log, published } = logOver({
      async appendEvents(id, events) {
        calls++;
        if (calls === 1) throw new Error("disk full");
        return events.map(({ at, body }) => ({ runId: id, seq: calls, at, event: body }));
      },
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
