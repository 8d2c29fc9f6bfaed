import { monotonicFactory } from "ulid";
import { expect, it } from "vitest";
import { pooledRandom } from "./pooled-random.ts";

it("gives fractions in [0, 1) in steps of 1/256, refilling the pool when it runs out", () => {
  const random = pooledRandom(8);
  const values = Array.from({ length: 64 }, random);
  for (const value of values) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
    expect(Number.isInteger(value * 256)).toBe(true);
  }
  // 64 draws from an 8-byte pool are not one repeating block of 8.
  expect(new Set(values.map((value, index) => `${index % 8}:${value}`)).size).toBeGreaterThan(8);
});

it("makes ulid's monotonic ids unique and ordered", () => {
  const next = monotonicFactory(pooledRandom());
  const ids = Array.from({ length: 2000 }, () => next());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
});
