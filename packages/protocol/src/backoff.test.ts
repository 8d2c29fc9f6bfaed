import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("exponential backoff with full jitter", () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000 };

  it("doubles the window with each attempt up to the cap", () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 50].map((attempt) => backoffDelay(attempt, policy, almostOne))).toEqual([
      99, 199, 399, 799, 999, 999, 999,
    ]);
  });

  it("spreads delays over the whole window, down to zero", () => {
    expect(backoffDelay(4, policy, () => 0)).toBe(0);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(400);
  });
});
