/*
 * One connection to one MCP server: its transport (a spawned stdio process or Streamable HTTP), the SDK
 * client on it, and its tool list. A session is opened once and closed once; restarting means a new session.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "@multiclaw/protocol";
import { minimalChildEnv } from "../tools/builtin/child-env.ts";
import { type Failure, garbageDetail, isGarbage } from "./mcp-errors.ts";
import { describeStartFailure } from "./mcp-failures.ts";
import type { McpToolInfo } from "./mcp-tool.ts";
import { ensureExited } from "./stop-process.ts";

export interface McpSessionOptions {
  name: string;
  config: McpServerConfig;
  /** For Streamable HTTP servers; the gateway passes one bound to its egress guard. */
  fetch: FetchLike;
  /** Where a stdio server's allow-listed variables are read from (PATH, HOME, LANG…). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Working directory of stdio servers that name none. */
  cwd: string | undefined;
  clientInfo: { name: string; version: string };
  /** For initialize and the first tools/list together. */
  connectTimeoutMs: number;
  /** Time a stdio server gets to exit after its stdin closes, and again after SIGTERM. */
  stopGraceMs: number;
  /** Aborts the start (the server was stopped meanwhile). */
  signal: AbortSignal;
  /** The session ended by itself (the process exited, the stream closed); not called for close(). */
  onLost(reason: string): void;
  /** The server sent a message that is not JSON-RPC. */
  onGarbage(error: Error): void;
  /** The server announced that its tool list changed. */
  onToolsChanged(): void;
}

export interface McpSession {
  readonly client: Client;
  readonly tools: readonly McpToolInfo[];
  /** Lists the tools again (after a list-changed notification). */
  listTools(timeoutMs: number): Promise<McpToolInfo[]>;
  /** The end of what a stdio server wrote to stderr, for error messages. */
  stderrTail(): string;
  close(): Promise<void>;
}

/** A start that failed, already described for the server's status. */
export class McpStartError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = "McpStartError";
  }
}

const maxStderrChars = 4000;
const maxToolPages = 50;

function isStdio(config: McpServerConfig): config is Extract<McpServerConfig, { command: string }> {
  return "command" in config;
}

async function listAllTools(client: Client, timeoutMs: number): Promise<McpToolInfo[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxToolPages; page++) {
    const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

/** Opens a session, or throws McpStartError. Whatever was started is stopped again on failure. */
export async function openMcpSession(options: McpSessionOptions): Promise<McpSession> {
  const { config } = options;
  let stderr = "";
  let garbage: string | undefined;
  let closing = false;
  // Until the start has finished, an early exit is the start's failure, not a lost session.
  let established = false;
  let pid: number | null = null;
  let transport: Transport;
  let stdio: StdioClientTransport | undefined;

  if (isStdio(config)) {
    stdio = new StdioClientTransport({
      command: config.command,
      args: config.args,
      // The SDK adds its own short allow-list (HOME, LOGNAME, PATH, SHELL, TERM, USER) from the gateway's
      // environment; nothing else of it reaches the server.
      env: minimalChildEnv(options.baseEnv, config.env),
      cwd: config.cwd ?? options.cwd,
      stderr: "pipe",
    });
    stdio.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-maxStderrChars);
    });
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(config.url), {
      fetch: options.fetch,
      requestInit: { headers: config.headers },
    });
  }

  const stderrTail = () => {
    const lines = stderr.trim().split("\n").slice(-3).join(" | ");
    return lines.length > 300 ? `…${lines.slice(-300)}` : lines;
  };

  const client = new Client(options.clientInfo, { capabilities: {} });
  client.onerror = (error) => {
    if (!isGarbage(error)) return;
    garbage ??= garbageDetail(error);
    options.onGarbage(error);
  };
  client.onclose = () => {
    if (closing || !established) return;
    const tail = stderrTail();
    options.onLost(
      stdio ? `the process exited${tail ? `; it wrote: ${tail}` : ""}` : "the connection closed",
    );
  };

  const close = async () => {
    closing = true;
    if (transport instanceof StreamableHTTPClientTransport) {
      // Ends the server-side session politely; a server that does not answer must not hold up the close.
      await Promise.race([
        transport.terminateSession().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, options.stopGraceMs).unref()),
      ]);
    }
    await Promise.all([
      client.close().catch(() => undefined),
      pid !== null ? ensureExited(pid, options.stopGraceMs) : undefined,
    ]);
  };

  try {
    const connecting = client.connect(transport, {
      timeout: options.connectTimeoutMs,
      signal: options.signal,
    });
    // The SDK spawns the process synchronously inside connect(); its pid is known from here on and lets close()
    // make sure the process is gone even when the SDK has already started closing it itself.
    pid = stdio?.pid ?? null;
    await connecting;
    const tools = await listAllTools(client, options.connectTimeoutMs);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => options.onToolsChanged());
    established = true;
    return { client, tools, listTools: (timeoutMs) => listAllTools(client, timeoutMs), stderrTail, close };
  } catch (error) {
    await close();
    throw new McpStartError(
      describeStartFailure(error, {
        timeoutMs: options.connectTimeoutMs,
        garbage,
        stderrTail: stderrTail(),
        ...(isStdio(config) ? { command: config.command } : {}),
      }),
    );
  }
}
