/*
 * The MCP host's own errors and what they share with mcp-failures.ts. Nothing here imports the MCP SDK, so the
 * supervisor can use it before the SDK is loaded.
 */
import type { ErrorCode } from "@multiclaw/protocol";

/** A server wrote something that is not a JSON-RPC message while a call waited; that call fails with it. */
export class ProtocolGarbageError extends Error {
  constructor(readonly detail: string) {
    super(`answered with something that is not an MCP message (${detail})`);
    this.name = "ProtocolGarbageError";
  }
}

/** Whether an error from the transport means a line or body that is not JSON-RPC. */
export function isGarbage(error: unknown): error is Error {
  // The SDK's schema checks throw zod's core error, named `$ZodError` (`ZodError` in zod's classic API).
  return error instanceof SyntaxError || (error instanceof Error && /^\$?ZodError$/.test(error.name));
}

/** A short description of a garbage error (the JSON parser quotes the start of the bad text). */
export function garbageDetail(error: Error): string {
  return error instanceof SyntaxError
    ? error.message.slice(0, 200)
    : "a message that does not match the MCP schema";
}

export interface Failure {
  code: ErrorCode;
  message: string;
}

export interface CallFailure extends Failure {
  /** The server is gone or unreachable: the host should reconnect. */
  serverDown: boolean;
}
