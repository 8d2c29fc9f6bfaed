/*
 * How the typed clients space their retries and reconnects. It lives in the protocol package because that is
 * the one package both browser-safe clients may share; each client keeps its own default policy.
 */

/** How a client waits between attempts to reach a server. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  initialDelayMs: number;
  /** No delay is longer than this, however many attempts failed. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniformly random delay between 0 and min(max, initial · 2^(attempt-1)).
 * Spreading retries over the whole window keeps many clients that lost a server at once from coming back in
 * lockstep (see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 *
 * @example
 * const delay = backoffDelay(3, { initialDelayMs: 500, maxDelayMs: 30_000 }); // somewhere in [0, 2000) ms
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
