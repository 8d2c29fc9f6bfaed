import type { ServerResponse } from "node:http";
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
  if (error.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.retryAfterSeconds;
  return body;
}

/** Answers with an RFC 9457 problem document carrying the stable code (never cached: see answer-headers.ts). */
export function answerProblem(
  response: ServerResponse,
  error: LocalApiError,
  headers: Record<string, string> = {},
): void {
  answerJson(response, errorCodes[error.code].httpStatus, problemBody(error), {
    "content-type": PROBLEM_CONTENT_TYPE,
    ...headers,
  });
}

/** Answers with a JSON body, written in one go with its length. */
export function answerJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(text) });
  response.end(text);
}
