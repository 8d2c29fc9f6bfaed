import { describe, expect, it } from "vitest";
import { percentileOfSorted, spread, summariseLatencies } from "./stats.ts";

describe("fan-out statistics", () => {
  it("takes the nearest-rank percentile, so p99 of 100 clients is the 99th slowest", () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
  });

  it("reports the last arrival as the slowest client, whatever the order received", () => {
    expect(summariseLatencies([30, 10, 20])).toEqual({ p50: 20, p99: 30, last: 30 });
  });

  it("gives min, median and max over runs, ignoring runs that produced no figure", () => {
    expect(spread([5, 1, 3, Number.NaN])).toEqual({ min: 1, median: 3, max: 5, runs: 3 });
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
  });
});
