import { CloudError } from "@multiclaw/cloud-client";
import { describe, expect, it } from "vitest";
import { createRateLimitPatience } from "./rate-limit-patience.ts";

function patienceWithFakeSleep(totalWaitMs: number) {
  const waits: number[] = [];
  const notes: string[] = [];
  const patience = createRateLimitPatience({
    note: (text) => notes.push(text),
    totalWaitMs,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { patience, waits, notes };
}

/** An attempt the Cloud refuses `times` times (with `retryAfterSeconds` when given), then lets through. */
function refusedAtFirst(times: number, retryAfterSeconds?: number) {
  let calls = 0;
  return {
    calls: () => calls,
    attempt: async () => {
      calls += 1;
      if (calls <= times) {
        throw new CloudError("RATE_LIMITED", "Too many attempts; wait a moment", {
          status: 429,
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        });
      }
      return "through";
    },
  };
}

describe("waiting out the Cloud's rate limit", () => {
  it("waits as long as Retry-After says, once per refusal, and then succeeds", async () => {
    const { patience, waits, notes } = patienceWithFakeSleep(60_000);
    const attempt = refusedAtFirst(2, 7);
    await expect(patience.retry("approve the gateway", attempt.attempt)).resolves.toBe("through");
    expect(waits).toEqual([7000, 7000]);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe(
      "The Cloud is rate limiting this machine (too many attempts from its address); waiting 7 s before trying " +
        "to approve the gateway again.\n",
    );
  });

  it("waits a few seconds when the refusal names no time", async () => {
    const { patience, waits } = patienceWithFakeSleep(60_000);
    await patience.retry("approve the gateway", refusedAtFirst(1).attempt);
    expect(waits).toEqual([5000]);
  });

  it("gives up with RATE_LIMITED once the total wait, shared by every call, would be exceeded", async () => {
    const { patience, waits } = patienceWithFakeSleep(25_000);
    await patience.retry("create the local owner account", refusedAtFirst(2, 10).attempt);
    const refused = patience.retry("approve the gateway", refusedAtFirst(5, 10).attempt);
    await expect(refused).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 10,
      message: expect.stringContaining("Could not approve the gateway"),
    });
    expect(waits).toEqual([10_000, 10_000]);
  });

  it("does not wait on any other error", async () => {
    const { patience, waits } = patienceWithFakeSleep(60_000);
    const taken = patience.retry("create the local owner account", async () => {
      throw new CloudError("EMAIL_TAKEN");
    });
    await expect(taken).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
    expect(waits).toEqual([]);
  });
});
