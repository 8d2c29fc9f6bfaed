import { describe, expect, it } from "vitest";
import { wakeableSleep } from "./wakeable-sleep.ts";

describe("a wait between device-login polls", () => {
  it("ends when woken, long before its time, and a second wake does nothing", async () => {
    let wake = () => {};
    const started = Date.now();
    const waited = wakeableSleep(10_000, undefined, (end) => {
      wake = end;
    });
    wake();
    await waited;
    wake();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("ends at its time when nobody wakes it, and rejects when aborted", async () => {
    await wakeableSleep(10, undefined, () => {});
    const abort = new AbortController();
    const waited = wakeableSleep(10_000, abort.signal, () => {});
    abort.abort(new Error("stopped"));
    await expect(waited).rejects.toThrow("stopped");
  });
});
