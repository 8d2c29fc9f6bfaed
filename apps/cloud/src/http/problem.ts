import {
  type ErrorCode,
  errorCodes,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemType,
} from "@multiclaw/protocol";
import { CloudError } from "../errors.ts";

export function problemBody(error: CloudError): Problem {
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
  if (error.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.retryAfterSeconds;
  return body;
}

/** An RFC 9457 problem response with our stable code. */
export function problemResponse(error: CloudError): Response {
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store" });
  if (error.retryAfterSeconds !== undefined) headers.set("retry-after", String(error.retryAfterSeconds));
  return new Response(JSON.stringify(problemBody(error)), { status: error.httpStatus, headers });
}

export function problemFor(code: ErrorCode, detail?: string): Response {
  return problemResponse(new CloudError(code, detail));
}
