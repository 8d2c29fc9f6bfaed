/** Nearest-rank percentile (p in 0..100) of values already sorted ascending; NaN for an empty list. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** What the issue asks of one fan-out: the per-client latency distribution and the last arrival. */
export interface LatencySummary {
  p50: number;
  p99: number;
  last: number;
}

/** Summarises per-client latencies (ms) of one trial. */
export function summariseLatencies(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
    last: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/** How a figure is reported across repeated runs. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number;
}

/** min / median / max of repeated measurements (the median of an even count is the mean of the middle two). */
export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, runs: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number, runs: sorted.length };
}
