import { errorCodes, PROBLEM_CONTENT_TYPE, type Problem, problemType } from "@multiclaw/protocol";
import type { LocalApiError } from "./local-api-error.ts";

export function problemBody(error: LocalApiError): Problem {
  const { httpStatus, retryable, title } = errorCodes[error.code];
  const body: Problem = {
    type: problemType(error.code),
    title,
    status: httpStatus,
    code: error.code,
    retryable,
  };
  if (error.detail) body.detail = error.detail;
  if (error.fieldProblems) body.errors = error.fieldProblems;
  return body;
}

/** An RFC 9457 problem response with the stable code; never cached. */
export function problemResponse(error: LocalApiError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: errorCodes[error.code].httpStatus,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}
