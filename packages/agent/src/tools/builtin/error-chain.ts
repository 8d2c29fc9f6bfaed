/** The first error in `error`'s cause chain whose `code` is `code` (fetch wraps the real reason in `cause`). */
export function findErrorWithCode(error: unknown, code: string): Error | undefined {
  let current = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    if ((current as { code?: unknown }).code === code) return current as Error;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The most specific reason in a cause chain: a system error code (ECONNREFUSED) or the innermost message. */
export function innermostReason(error: unknown): string {
  let current = error;
  let reason = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
    if (typeof message === "string" && message !== "") reason = message;
    current = (current as { cause?: unknown }).cause;
  }
  return reason;
}
