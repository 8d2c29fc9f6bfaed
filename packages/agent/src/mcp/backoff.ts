/** How long to wait before restarting a server that failed. */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** Growth per consecutive failure. */
  factor: number;
  /** The longest delay, jitter included. */
  maxMs: number;
  /** Spread as a fraction of the delay (0.2 → ±20 %), so servers that failed together do not retry together. */
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1000, factor: 2, maxMs: 60_000, jitter: 0.2 };

/**
 * The delay after `failures` consecutive failures (1 for the first): exponential, jittered, capped.
 *
 * @example backoffDelay(3, defaultBackoff, Math.random) // about 4 s
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exponential = policy.initialMs * policy.factor ** Math.max(0, failures - 1);
  const base = Math.min(policy.maxMs, exponential);
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  return Math.round(Math.min(policy.maxMs, Math.max(0, jittered)));
}
