/*
 * What went wrong with an MCP server, in MultiClaw's error codes and in words that name the server. The SDK
 * reports failures as JSON-RPC errors (McpError), transport errors, zod errors for malformed messages and
 * plain fetch failures; they are sorted here once.
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError, ErrorCode as RpcCode } from "@modelcontextprotocol/sdk/types.js";
import { findErrorWithCode, innermostReason } from "../tools/builtin/error-chain.ts";
import {
  type CallFailure,
  type Failure,
  garbageDetail,
  isGarbage,
  ProtocolGarbageError,
} from "./mcp-errors.ts";

const seconds = (ms: number) => `${ms / 1000} s`;

function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

/** A failed tools/call. `downReason` is why the server stopped, when it did. */
export function describeCallFailure(
  error: unknown,
  context: { server: string; tool: string; timeoutMs: number; downReason: string | undefined },
): CallFailure {
  const server = `MCP server '${context.server}'`;
  if (error instanceof ProtocolGarbageError) {
    return { code: "MCP_PROTOCOL_ERROR", message: `${server} ${error.message}`, serverDown: false };
  }
  const blocked = findErrorWithCode(error, "EGRESS_BLOCKED");
  if (blocked) return { code: "EGRESS_BLOCKED", message: `${server}: ${blocked.message}`, serverDown: true };
  if (error instanceof McpError) {
    if (error.code === RpcCode.RequestTimeout) {
      const message = `${server} did not answer ${context.tool} within ${seconds(context.timeoutMs)}`;
      return { code: "TOOL_TIMEOUT", message, serverDown: false };
    }
    if (error.code === RpcCode.ConnectionClosed) {
      const why = context.downReason ?? "the connection closed";
      return {
        code: "MCP_SERVER_UNAVAILABLE",
        message: `${server} stopped during the call: ${why}`,
        serverDown: true,
      };
    }
    const code = error.code === RpcCode.InvalidParams ? "TOOL_INPUT_INVALID" : "TOOL_FAILED";
    return { code, message: `${server}: ${error.message}`, serverDown: false };
  }
  if (isGarbage(error)) {
    const message = `${server} answered ${context.tool} with ${garbageDetail(error)}`;
    return { code: "MCP_PROTOCOL_ERROR", message, serverDown: false };
  }
  if (error instanceof StreamableHTTPError) {
    if (error.code === -1)
      return { code: "MCP_PROTOCOL_ERROR", message: `${server}: ${error.message}`, serverDown: false };
    return { code: "MCP_SERVER_UNAVAILABLE", message: `${server}: ${error.message}`, serverDown: true };
  }
  if (isNetworkFailure(error) || (error instanceof Error && error.message === "Not connected")) {
    const message = `${server} cannot be reached: ${innermostReason(error)}`;
    return { code: "MCP_SERVER_UNAVAILABLE", message, serverDown: true };
  }
  return { code: "TOOL_FAILED", message: `${server}: ${innermostReason(error)}`, serverDown: false };
}

/** A failed start (spawn, initialize, tools/list), for the server's status. */
export function describeStartFailure(
  error: unknown,
  context: { timeoutMs: number; garbage: string | undefined; stderrTail: string; command?: string },
): Failure {
  const stderr = context.stderrTail ? `; it wrote: ${context.stderrTail}` : "";
  const blocked = findErrorWithCode(error, "EGRESS_BLOCKED");
  if (blocked) return { code: "EGRESS_BLOCKED", message: blocked.message };
  if (error instanceof McpError && error.code === RpcCode.RequestTimeout) {
    if (context.garbage) {
      return {
        code: "MCP_PROTOCOL_ERROR",
        message: `did not start within ${seconds(context.timeoutMs)}; it wrote output that is not MCP (${context.garbage})`,
      };
    }
    return {
      code: "MCP_SERVER_UNAVAILABLE",
      message: `did not answer initialize within ${seconds(context.timeoutMs)}${stderr}`,
    };
  }
  if (error instanceof McpError && error.code === RpcCode.ConnectionClosed) {
    return { code: "MCP_SERVER_UNAVAILABLE", message: `exited while starting${stderr}` };
  }
  if (isGarbage(error))
    return { code: "MCP_PROTOCOL_ERROR", message: `answered with ${garbageDetail(error)}` };
  if (error instanceof Error && /protocol version is not supported/.test(error.message)) {
    return { code: "MCP_PROTOCOL_ERROR", message: error.message };
  }
  const errno = findErrorWithCode(error, "ENOENT");
  if (errno && context.command !== undefined) {
    return { code: "MCP_SERVER_UNAVAILABLE", message: `command not found: ${context.command}` };
  }
  return { code: "MCP_SERVER_UNAVAILABLE", message: `could not start: ${innermostReason(error)}${stderr}` };
}
