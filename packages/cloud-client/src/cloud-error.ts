import {
  type ErrorCode,
  ErrorCodeSchema,
  errorCodes,
  type FieldProblem,
  parseProblemDocument,
} from "@multiclaw/protocol";

export interface CloudErrorOptions {
  /** The HTTP status of the answer; null when none arrived (network failure, timeout, refused by the guard). */
  status?: number | null;
  retryAfterSeconds?: number;
  fieldProblems?: readonly FieldProblem[];
  /** Overrides the code table's default. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * What every call of the Cloud client throws. Callers branch on `code` (a stable code of the protocol's error
 * table), never on the message; `retryable` says whether trying again may help and `retryAfterSeconds` when.
 *
 * @example
 * try { await cloud.call("me"); } catch (error) {
 *   if (isCloudError(error) && error.code === "INSTANCE_REVOKED") showSignedOut();
 * }
 */
export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly fieldProblems: readonly FieldProblem[] | undefined;

  constructor(code: ErrorCode, message?: string, options: CloudErrorOptions = {}) {
    super(message ?? errorCodes[code].title, { cause: options.cause });
    this.name = "CloudError";
    this.code = code;
    this.status = options.status === undefined ? null : options.status;
    this.retryable = options.retryable ?? errorCodes[code].retryable;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.fieldProblems = options.fieldProblems;
  }
}

export function isCloudError(error: unknown): error is CloudError {
  return error instanceof CloudError;
}

/** The stable code an answer without a problem document gets, by HTTP status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "AUTH_INVALID";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 413) return "BODY_TOO_LARGE";
  if (status === 415) return "UNSUPPORTED_MEDIA_TYPE";
  if (status === 426) return "PROTOCOL_UNSUPPORTED";
  if (status === 429) return "RATE_LIMITED";
  if (status === 502 || status === 503 || status === 504) return "UNAVAILABLE";
  if (status >= 500) return "INTERNAL";
  return "BAD_REQUEST";
}

function retryAfterHeader(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * The error an unsuccessful answer stands for: the problem document's stable code when there is one (the
 * Cloud always sends one), else a code chosen by status — a proxy in between may answer with plain text.
 */
export async function errorFromResponse(response: Response): Promise<CloudError> {
  const problem = parseProblemDocument(await response.text().catch(() => ""));
  const retryAfterSeconds = retryAfterHeader(response);
  if (problem) {
    return new CloudError(problem.code, problem.detail ?? problem.title, {
      status: response.status,
      retryable: problem.retryable,
      retryAfterSeconds: problem.retryAfterSeconds ?? retryAfterSeconds,
      ...(problem.errors ? { fieldProblems: problem.errors } : {}),
    });
  }
  const code = codeForStatus(response.status);
  return new CloudError(code, `${errorCodes[code].title} (HTTP ${response.status})`, {
    status: response.status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** Follows `cause` links to the first error that names a stable code of ours (the egress guard's refusal). */
export function knownCodeIn(error: unknown): { code: ErrorCode; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = ErrorCodeSchema.safeParse((current as { code?: unknown }).code);
    if (code.success) return { code: code.data, message: String((current as Error).message) };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A request that got no answer: timed out, refused by the egress guard, or the Cloud could not be reached. */
export function errorFromFailedRequest(error: unknown, what: string): CloudError {
  if (isCloudError(error)) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError") {
    return new CloudError("UNAVAILABLE", `${what}: no answer from the Cloud in time`, { cause: error });
  }
  if (name === "AbortError") {
    return new CloudError("UNAVAILABLE", `${what}: cancelled`, { cause: error, retryable: false });
  }
  const known = knownCodeIn(error);
  if (known) return new CloudError(known.code, known.message, { cause: error });
  return new CloudError("UNAVAILABLE", `${what}: the Cloud could not be reached`, { cause: error });
}
