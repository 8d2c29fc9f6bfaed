/**
 * Milliseconds on the machine's monotonic clock. `process.hrtime` reads CLOCK_MONOTONIC, which on Linux is one
 * clock for every process, so a receive time taken in a fleet worker and a trigger time taken in the
 * orchestrator can be subtracted directly — no wall clock, no sync handshake.
 *
 * @example const sentAt = monotonicMs(); … const latency = arrivedAt - sentAt;
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
