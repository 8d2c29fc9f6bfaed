import type { BackoffPolicy } from "@multiclaw/protocol";

/**
 * The default spacing of attempts to reach the Cloud, for the protocol's `backoffDelay`: up to half a second
 * at first, never more than 30 s.
 */
export const defaultBackoff: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };
