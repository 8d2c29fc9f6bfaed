import { expect, it } from "vitest";
import { backoffDelay, defaultBackoff } from "./backoff.ts";

it("doubles the delay per failure, spreads it by the jitter and never passes the cap", () => {
  const policy = { ...defaultBackoff, initialMs: 100, maxMs: 1000 };
  expect([1, 2, 3, 4, 5, 6].map((failures) => backoffDelay(failures, policy, () => 0.5))).toEqual([
    100, 200, 400, 800, 1000, 1000,
  ]);
  expect(backoffDelay(2, policy, () => 0)).toBe(160);
  expect(backoffDelay(2, policy, () => 1)).toBe(240);
  expect(backoffDelay(9, policy, () => 1)).toBe(1000);
});
