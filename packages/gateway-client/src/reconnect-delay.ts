/** How long the stream waits before reconnecting. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  initialDelayMs: number;
  /** No delay is longer than this, however many attempts failed. */
  maxDelayMs: number;
}

/** The gateway is local: it is back within a second or two of a restart, so retries start fast. */
export const defaultStreamBackoff: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5000 };

/**
 * Exponential backoff with full jitter: a uniformly random delay in [0, min(max, initial · 2^(attempt-1))).
 *
 * @example
 * const delay = reconnectDelay(3, defaultStreamBackoff); // somewhere in [0, 400) ms
 */
export function reconnectDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent));
}
