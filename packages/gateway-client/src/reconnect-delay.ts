import { type BackoffPolicy, backoffDelay } from "@multiclaw/protocol";

/** The gateway is local: it is back within a second or two of a restart, so retries start fast. */
export const defaultStreamBackoff: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5000 };

/**
 * The wait before the stream's reconnect attempt `attempt`: the protocol's `backoffDelay` (exponential, full
 * jitter), under the name this package has always exported it by.
 *
 * @example
 * const delay = reconnectDelay(3, defaultStreamBackoff); // somewhere in [0, 400) ms
 */
export const reconnectDelay: typeof backoffDelay = backoffDelay;
