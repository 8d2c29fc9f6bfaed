/*
 * Keeps one enabled MCP server running: starts it, notices when it stops, restarts it with backoff, and
 * answers tool calls while it is up. Every start is a new session; events of an older session are ignored.
 */

import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ErrorCode, McpServerConfig } from "@multiclaw/protocol";
import type { Tool, ToolContext, ToolResult } from "../tools/tool.ts";
import { type BackoffPolicy, backoffDelay } from "./backoff.ts";
import { toToolResult } from "./call-result.ts";
import { type Failure, garbageDetail, ProtocolGarbageError } from "./mcp-errors.ts";
import type { McpSession } from "./mcp-session.ts";
import { createMcpTool, type McpToolCall, type McpToolInfo } from "./mcp-tool.ts";

type McpRuntime = typeof import("./mcp-runtime.ts");
let runtime: Promise<McpRuntime> | undefined;
/** The MCP SDK, loaded once, when the first server starts. */
const loadRuntime = (): Promise<McpRuntime> => {
  runtime ??= import("./mcp-runtime.ts");
  return runtime;
};

export type McpServerState = "starting" | "ready" | "restarting" | "failed" | "disabled";

/** One server as the UI shows it. */
export interface McpServerStatus {
  name: string;
  transport: "stdio" | "http";
  state: McpServerState;
  /** Tools the server offered when it was last up. */
  toolCount: number;
  /** Why it last failed; kept after it recovers, until the next failure replaces it. */
  lastError?: { code: ErrorCode; message: string; at: string };
  /** When the next start is due (`restarting` only). */
  nextAttemptAt?: string;
  /** Failed starts and crashes in a row; reset once the server has stayed up for a while. */
  consecutiveFailures: number;
}

export interface McpTiming {
  /** For initialize and the first tools/list. Default 30 s. */
  connectTimeoutMs: number;
  /** For one tools/call. Default 120 s. */
  callTimeoutMs: number;
  /** Time a stdio server gets to exit on stop before SIGTERM, and again before SIGKILL. Default 2 s. */
  stopGraceMs: number;
  backoff: BackoffPolicy;
  /** After this many failures in a row the server is `failed` and left alone until restarted. Default 8. */
  maxConsecutiveFailures: number;
  /** A server up at least this long has its failure count reset when it stops. Default 60 s. */
  stableAfterMs: number;
}

export interface SupervisorOptions {
  name: string;
  config: McpServerConfig;
  fetch: FetchLike;
  baseEnv: Readonly<Record<string, string | undefined>>;
  cwd: string | undefined;
  clientInfo: { name: string; version: string };
  timing: McpTiming;
  maxOutputChars: number;
  now(): number;
  random(): number;
  /** Routes a call of one of this server's tools (through the host, so it reaches whichever supervisor is current). */
  route(server: string): McpToolCall;
  /** Called after every change of status or tools. */
  onChange(): void;
}

export interface ServerSupervisor {
  status(): McpServerStatus;
  /** Tools while the server is up, and its last known tools (answering unavailable) while it restarts. */
  tools(): readonly Tool[];
  call(toolName: string, args: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
  /** Starts again now, resetting the failure count (after `failed`). */
  restart(): void;
  stop(): Promise<void>;
}

function unavailable(message: string): ToolResult {
  return { ok: false, error: { code: "MCP_SERVER_UNAVAILABLE", message } };
}

/** Starts the server at once; the returned supervisor keeps it running until stop(). */
export function createServerSupervisor(options: SupervisorOptions): ServerSupervisor {
  const { name, timing } = options;
  const label = `MCP server '${name}'`;
  let state: McpServerState = "starting";
  let session: McpSession | undefined;
  let tools: Tool[] = [];
  let lastError: McpServerStatus["lastError"];
  let failures = 0;
  let readySince = 0;
  let nextAttemptAt: number | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let attemptController: AbortController | undefined;
  /** The start in progress, so stop() can wait until whatever it spawned is gone again. */
  let attempting: Promise<void> | undefined;
  let generation = 0;
  let stopped = false;
  const pendingCalls = new Set<AbortController>();

  const setError = (failure: Failure) => {
    lastError = { ...failure, at: new Date(options.now()).toISOString() };
  };

  const buildTools = (mcp: McpRuntime, infos: readonly McpToolInfo[]) => {
    // One validator per tool list: Ajv keeps what it compiles, so a fresh one per list keeps memory bounded.
    const validator = new mcp.AjvJsonSchemaValidator();
    const built = infos.map((info) => createMcpTool(name, info, validator, options.route(name)));
    // Two tool names that differ only in characters providers refuse map to one name; the first one wins.
    tools = built.filter((tool, index) => built.findIndex((other) => other.name === tool.name) === index);
  };

  const scheduleRetry = () => {
    if (failures >= timing.maxConsecutiveFailures) {
      state = "failed";
      nextAttemptAt = undefined;
      tools = [];
    } else {
      const delay = backoffDelay(failures, timing.backoff, options.random);
      state = "restarting";
      nextAttemptAt = options.now() + delay;
      retryTimer = setTimeout(() => {
        attempting = attempt();
      }, delay);
      retryTimer.unref();
    }
    options.onChange();
  };

  const lost = (reason: string) => {
    const ended = session;
    session = undefined;
    if (options.now() - readySince >= timing.stableAfterMs) failures = 0;
    failures++;
    setError({ code: "MCP_SERVER_UNAVAILABLE", message: reason });
    void ended?.close();
    scheduleRetry();
  };

  const refreshTools = async (current: number) => {
    try {
      const mcp = await loadRuntime();
      const infos = (await session?.listTools(timing.connectTimeoutMs)) ?? [];
      if (current !== generation || state !== "ready") return;
      buildTools(mcp, infos);
      options.onChange();
    } catch {
      // The old list stays; a server that cannot list its tools any more will show it on the next call.
    }
  };

  async function attempt(): Promise<void> {
    const current = ++generation;
    attemptController = new AbortController();
    nextAttemptAt = undefined;
    let mcp: McpRuntime | undefined;
    try {
      mcp = await loadRuntime();
      const opened = await mcp.openMcpSession({
        name,
        config: options.config,
        fetch: options.fetch,
        baseEnv: options.baseEnv,
        cwd: options.cwd,
        clientInfo: options.clientInfo,
        connectTimeoutMs: timing.connectTimeoutMs,
        stopGraceMs: timing.stopGraceMs,
        signal: attemptController.signal,
        onLost: (reason) => {
          if (current === generation && !stopped) lost(reason);
        },
        onGarbage: (error) => {
          if (current !== generation) return;
          // Lines are not tied to a request, so every call waiting on this server fails with it.
          const garbage = new ProtocolGarbageError(garbageDetail(error));
          for (const controller of pendingCalls) controller.abort(garbage);
        },
        onToolsChanged: () => void refreshTools(current),
      });
      if (stopped || current !== generation) {
        await opened.close();
        return;
      }
      session = opened;
      buildTools(mcp, opened.tools);
      state = "ready";
      readySince = options.now();
      options.onChange();
    } catch (error) {
      if (stopped || current !== generation) return;
      failures++;
      setError(
        mcp && error instanceof mcp.McpStartError
          ? error.failure
          : { code: "MCP_SERVER_UNAVAILABLE", message: String(error) },
      );
      scheduleRetry();
    }
  }

  const whyUnavailable = (): string => {
    const why = lastError ? `: ${lastError.message}` : "";
    if (stopped) return `${label} is not running`;
    if (state === "starting") return `${label} is still starting`;
    if (state === "failed") return `${label} failed ${failures} times in a row and is stopped${why}`;
    const next =
      nextAttemptAt !== undefined
        ? `; next start in ${Math.max(0, Math.ceil((nextAttemptAt - options.now()) / 1000))} s`
        : "";
    return `${label} is restarting${why}${next}`;
  };

  attempting = attempt();

  return {
    status() {
      return {
        name,
        transport: "command" in options.config ? "stdio" : "http",
        state,
        toolCount: tools.length,
        ...(lastError ? { lastError } : {}),
        ...(nextAttemptAt !== undefined ? { nextAttemptAt: new Date(nextAttemptAt).toISOString() } : {}),
        consecutiveFailures: failures,
      };
    },

    tools: () => (state === "ready" || state === "restarting" ? tools : []),

    async call(toolName, args, context) {
      const active = session;
      if (state !== "ready" || !active || stopped) return unavailable(whyUnavailable());
      const controller = new AbortController();
      pendingCalls.add(controller);
      try {
        const result = await active.client.callTool({ name: toolName, arguments: args }, undefined, {
          signal: AbortSignal.any([context.signal, controller.signal]),
          timeout: timing.callTimeoutMs,
        });
        return toToolResult(result as Parameters<typeof toToolResult>[0], options.maxOutputChars);
      } catch (error) {
        if (context.signal.aborted) {
          const timedOut = (context.signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
          return timedOut
            ? { ok: false, error: { code: "TOOL_TIMEOUT", message: `${label}: the call ran out of time` } }
            : { ok: false, error: { code: "RUN_CANCELLED", message: "the call was cancelled" } };
        }
        // The SDK turns any abort into a "timed out" McpError; a garbage abort is ours, so its reason is used.
        const cause = controller.signal.aborted ? controller.signal.reason : error;
        const failure = (await loadRuntime()).describeCallFailure(cause, {
          server: name,
          tool: toolName,
          timeoutMs: timing.callTimeoutMs,
          downReason: session === active ? undefined : lastError?.message,
        });
        // A Streamable HTTP server has no process to watch: an unreachable one is noticed here.
        if (failure.serverDown && session === active && !stopped) lost(failure.message);
        return { ok: false, error: { code: failure.code, message: failure.message } };
      } finally {
        pendingCalls.delete(controller);
      }
    },

    restart() {
      if (stopped || state === "ready" || state === "starting") return;
      clearTimeout(retryTimer);
      failures = 0;
      state = "starting";
      options.onChange();
      attempting = attempt();
    },

    async stop() {
      stopped = true;
      generation++;
      clearTimeout(retryTimer);
      attemptController?.abort(new Error(`${label} was stopped`));
      const ended = session;
      session = undefined;
      tools = [];
      await Promise.all([ended?.close(), attempting]);
    },
  };
}
