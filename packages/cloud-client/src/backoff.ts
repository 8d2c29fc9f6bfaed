/** How a client waits between attempts to reach the Cloud. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  initialDelayMs: number;
  /** No delay is longer than this, however many attempts failed. */
  maxDelayMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Exponential backoff with full jitter: a uniformly random delay between 0 and min(max, initial · 2^(attempt-1)).
 * Spreading retries over the whole window keeps many gateways that lost the Cloud at once from coming back
 * in lockstep (see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 *
 * @example
 * const delay = backoffDelay(3, defaultBackoff); // somewhere in [0, 2000) ms
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
