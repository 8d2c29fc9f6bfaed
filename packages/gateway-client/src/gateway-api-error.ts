import { type ErrorCode, errorCodes, type FieldProblem, parseProblemDocument } from "@multiclaw/protocol";

export interface GatewayApiErrorOptions {
  /** The HTTP status of the answer; null when none arrived (the gateway is not running, a stream closed). */
  status?: number | null;
  fieldProblems?: readonly FieldProblem[];
  /** The run a refused stream subscription named. */
  runId?: string;
  /** When trying again may help (RATE_LIMITED). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * What every call of the gateway client throws. Callers branch on `code`, a stable code of the protocol's
 * error table (`AUTH_INVALID`, `NOT_FOUND`, `KEY_NOT_CONFIGURED`, `UNAVAILABLE` when no gateway answers…).
 *
 * @example
 * try { await gateway.getRun(runId); } catch (error) {
 *   if (isGatewayApiError(error) && error.code === "NOT_FOUND") forget(runId);
 * }
 */
export class GatewayApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly fieldProblems: readonly FieldProblem[] | undefined;
  readonly runId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message?: string, options: GatewayApiErrorOptions = {}) {
    super(message ?? errorCodes[code].title, { cause: options.cause });
    this.name = "GatewayApiError";
    this.code = code;
    this.status = options.status ?? null;
    this.retryable = errorCodes[code].retryable;
    this.fieldProblems = options.fieldProblems;
    this.runId = options.runId;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isGatewayApiError(error: unknown): error is GatewayApiError {
  return error instanceof GatewayApiError;
}

/** The code of an answer that is not a problem document (something else listens on the port), by status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "AUTH_INVALID";
  if (status === 403) return "HOST_FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 413) return "BODY_TOO_LARGE";
  if (status >= 500) return "INTERNAL";
  return "BAD_REQUEST";
}

/** The error an unsuccessful answer stands for: its problem document's code, else one chosen by status. */
export async function errorFromResponse(name: string, response: Response): Promise<GatewayApiError> {
  const problem = parseProblemDocument(await response.text().catch(() => ""));
  if (problem) {
    return new GatewayApiError(problem.code, problem.detail ?? problem.title, {
      status: response.status,
      ...(problem.errors ? { fieldProblems: problem.errors } : {}),
      ...(problem.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: problem.retryAfterSeconds }),
    });
  }
  return new GatewayApiError(codeForStatus(response.status), `${name}: HTTP ${response.status}`, {
    status: response.status,
  });
}
