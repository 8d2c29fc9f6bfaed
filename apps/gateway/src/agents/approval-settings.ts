/*
 * How long a tool call waits for the user's decision before it is denied (APPROVAL_EXPIRED): explicit option
 * → MULTICLAW_APPROVAL_EXPIRY_MINUTES → 30 minutes, read once at start. An error names the variable.
 */

export const APPROVAL_EXPIRY_VARIABLE = "MULTICLAW_APPROVAL_EXPIRY_MINUTES";
export const DEFAULT_APPROVAL_EXPIRY_MINUTES = 30;
/** A week: longer than any run waits in practice, and well inside what a timer can hold. */
const MAX_APPROVAL_EXPIRY_MINUTES = 7 * 24 * 60;

/**
 * The expiry in milliseconds. Minutes may have a fraction (`0.5` is 30 seconds).
 *
 * @example readApprovalExpiryMs({ MULTICLAW_APPROVAL_EXPIRY_MINUTES: "10" }) // → 600000
 */
export function readApprovalExpiryMs(env: NodeJS.ProcessEnv): number {
  const raw = env[APPROVAL_EXPIRY_VARIABLE]?.trim();
  if (raw === undefined || raw === "") return DEFAULT_APPROVAL_EXPIRY_MINUTES * 60_000;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_APPROVAL_EXPIRY_MINUTES) {
    throw new Error(
      `Invalid approval expiry (${APPROVAL_EXPIRY_VARIABLE}): ${raw} is not a number of minutes above 0 and at most ${MAX_APPROVAL_EXPIRY_MINUTES}`,
    );
  }
  return Math.max(1000, Math.round(minutes * 60_000));
}
