import type { RetryError } from "ai";

/*
 * `RetryError.isInstance` without importing `ai`, which the gateway loads with its first model call, not at
 * start. The AI SDK marks each of its errors with a global symbol per class (`vercel.ai.error.<name>`); that
 * mark is what its own isInstance checks, across copies and versions of the package.
 */
const retryMark = Symbol.for("vercel.ai.error.AI_RetryError");

export function isRetryError(error: unknown): error is RetryError {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[retryMark] === true
  );
}
