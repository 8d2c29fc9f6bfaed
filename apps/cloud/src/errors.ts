import { type ErrorCode, errorCodes, type FieldProblem } from "@multiclaw/protocol";

/**
 * The one error type the Cloud throws on purpose. The HTTP edge turns it into a problem document; anything
 * else that escapes a handler is logged and answered as INTERNAL without details.
 */
export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly fieldProblems: FieldProblem[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { cause?: unknown; fieldProblems?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? errorCodes[code].title, { cause: options.cause });
    this.name = "CloudError";
    this.code = code;
    this.detail = detail;
    this.fieldProblems = options.fieldProblems;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return errorCodes[this.code].httpStatus;
  }
}

export function isCloudError(error: unknown): error is CloudError {
  return error instanceof CloudError;
}

/** The answer for anything the caller may not see: identical for "not yours" and "does not exist". */
export function notFound(what = "resource"): CloudError {
  return new CloudError("NOT_FOUND", `No such ${what}`);
}
