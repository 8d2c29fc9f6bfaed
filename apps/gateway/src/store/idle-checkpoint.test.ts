import { copyFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "libsql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createIdleCheckpointer } from "./idle-checkpoint.ts";
import { sampleConversation } from "./testing/sample-records.ts";
import { useTempGatewayStore } from "./testing/test-store.ts";

describe("createIdleCheckpointer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("checkpoints once, after the last of a burst of writes has been followed by the idle time", () => {
    vi.useFakeTimers();
    const checkpoint = vi.fn();
    const checkpointer = createIdleCheckpointer({ idleMs: 100, checkpoint, onError: () => {} });
    checkpointer.wrote();
    vi.advanceTimersByTime(80);
    checkpointer.wrote();
    vi.advanceTimersByTime(80);
    expect(checkpoint).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(checkpoint).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(checkpoint).toHaveBeenCalledTimes(1);
    checkpointer.wrote();
    vi.advanceTimersByTime(100);
    expect(checkpoint).toHaveBeenCalledTimes(2);
  });

  it("reports a failed checkpoint and tries again after the next write; stop cancels a pending one", () => {
    vi.useFakeTimers();
    const failure = new Error("database is locked");
    const checkpoint = vi.fn().mockImplementationOnce(() => {
      throw failure;
    });
    const onError = vi.fn();
    const checkpointer = createIdleCheckpointer({ idleMs: 10, checkpoint, onError });
    checkpointer.wrote();
    vi.advanceTimersByTime(10);
    expect(onError).toHaveBeenCalledWith(failure);
    checkpointer.wrote();
    checkpointer.stop();
    vi.advanceTimersByTime(100);
    expect(checkpoint).toHaveBeenCalledTimes(1);
  });
});

describe("the gateway store's idle checkpoint", () => {
  const temp = useTempGatewayStore({ idleCheckpointMs: 50 });

  /** What the database file alone holds, without its write-ahead log: a copy of it opened on its own. */
  function conversationsInMainFile(): number {
    const copy = `${temp.path}.copy`;
    copyFileSync(temp.path, copy);
    const db = new Database(copy);
    try {
      // Before the first checkpoint even the tables live only in the log.
      if (db.prepare("SELECT name FROM sqlite_master WHERE name = 'conversations'").get() === undefined)
        return 0;
      return (db.prepare("SELECT count(*) AS n FROM conversations").get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it("moves what was written into the database file once the store has been quiet", async () => {
    await temp.store.runs.createConversation(sampleConversation());
    expect(conversationsInMainFile()).toBe(0);
    await sleep(200);
    expect(conversationsInMainFile()).toBe(1);
  });
});
