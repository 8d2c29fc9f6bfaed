import { type ErrorCode, ErrorCodeSchema, errorCodes, type FieldProblem } from "@multiclaw/protocol";

/** An error the local API answers on purpose, with a stable code; the edge turns it into a problem document. */
export class LocalApiError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly fieldProblems: FieldProblem[] | undefined;
  /** When to try again, passed on from the Cloud's answer (RATE_LIMITED). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { cause?: unknown; fieldProblems?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? errorCodes[code].title, { cause: options.cause });
    this.name = "LocalApiError";
    this.code = code;
    this.detail = detail;
    this.fieldProblems = options.fieldProblems;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * Normalises what a handler or a dependency threw, once, at the edge: our own errors as they are; an error from
 * the engine, the cloud link or the egress guard that carries a stable `code` keeps it and its message; anything
 * else is null (answered as INTERNAL, without details, and logged).
 */
export function toLocalApiError(error: unknown): LocalApiError | null {
  if (error instanceof LocalApiError) return error;
  if (!(error instanceof Error)) return null;
  const parsed = ErrorCodeSchema.safeParse((error as { code?: unknown }).code);
  if (!parsed.success || parsed.data === "INTERNAL") return null;
  // A Cloud refusal passed on (a user's sign-in) keeps its field problems and when to retry.
  const { fieldProblems, retryAfterSeconds } = error as {
    fieldProblems?: FieldProblem[];
    retryAfterSeconds?: unknown;
  };
  return new LocalApiError(parsed.data, error.message, {
    cause: error,
    ...(Array.isArray(fieldProblems) ? { fieldProblems: [...fieldProblems] } : {}),
    ...(typeof retryAfterSeconds === "number" ? { retryAfterSeconds } : {}),
  });
}

export function notFound(what: string): LocalApiError {
  return new LocalApiError("NOT_FOUND", `No such ${what}`);
}
