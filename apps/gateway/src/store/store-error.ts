import { type ErrorCode, errorCodes } from "@multiclaw/protocol";

/**
 * What the local store throws on purpose: a database it must not open (from a newer gateway, or with loose
 * permissions), a row that does not parse (corruption, or a write that bypassed the store), an update of
 * something that does not exist. Driver errors (disk full, I/O) pass through unchanged as their cause.
 */
export class GatewayStoreError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "GatewayStoreError";
    this.code = code;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }
}
