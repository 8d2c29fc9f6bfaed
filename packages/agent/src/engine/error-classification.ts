import {
  APICallError,
  InvalidResponseDataError,
  JSONParseError,
  TypeValidationError,
} from "@ai-sdk/provider";
import { type ErrorCode, errorCodes, type RunError } from "@multiclaw/protocol";
import { isRetryError } from "../providers/retry-error.ts";

/*
 * The engine's own reading of a failed model call, used when the host passes no `classifyError`. An error that
 * already carries one of our codes (KEY_NOT_CONFIGURED from the model resolver, EGRESS_BLOCKED from the egress
 * guard, anywhere along its `cause` chain) keeps it; AI SDK errors map by HTTP status.
 */

export function classifyModelError(error: unknown): RunError {
  const carried = carriedCode(error);
  if (carried !== null) return carried;
  if (isRetryError(error) && error.lastError !== undefined) {
    return classifyModelError(error.lastError);
  }
  const message = messageOf(error);
  if (APICallError.isInstance(error)) return { code: codeForStatus(error.statusCode), message };
  if (
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error)
  ) {
    return { code: "PROVIDER_STREAM_MALFORMED", message };
  }
  if (error instanceof Error && error.name === "TimeoutError") return { code: "PROVIDER_TIMEOUT", message };
  return { code: "PROVIDER_ERROR", message };
}

function codeForStatus(status: number | undefined): ErrorCode {
  if (status === 401 || status === 403) return "KEY_REJECTED";
  if (status === 429) return "PROVIDER_RATE_LIMITED";
  if (status === 408 || status === 504) return "PROVIDER_TIMEOUT";
  return "PROVIDER_ERROR";
}

/** The first of our stable codes found on the error or its causes. */
export function carriedCode(error: unknown): RunError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && Object.hasOwn(errorCodes, code)) {
      return { code: code as ErrorCode, message: messageOf(current) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Unknown error";
}
