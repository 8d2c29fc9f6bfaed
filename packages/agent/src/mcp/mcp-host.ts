/*
 * The MCP servers of one agent, kept in step with its settings. Only enabled servers are ever spawned or
 * connected (the network contract's "MCP only when enabled"); a disabled one exists here only as a status
 * line. Each enabled server has a supervisor that restarts it with backoff; the host routes tool calls by
 * server name, so a Tool handed out earlier reaches whichever session is current.
 */
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { McpServerConfig, McpServers } from "@multiclaw/protocol";
import type { Tool, ToolResult, ToolSource } from "../tools/tool.ts";
import { defaultBackoff } from "./backoff.ts";
import type { McpToolCall } from "./mcp-tool.ts";
import {
  createServerSupervisor,
  type McpServerStatus,
  type McpTiming,
  type ServerSupervisor,
} from "./server-supervisor.ts";

export interface McpHostOptions {
  /** The agent's servers (as parsed by the protocol's `McpServers`); more can come later through update(). */
  servers?: McpServers;
  /** For Streamable HTTP servers. The gateway passes one bound to its egress guard (row `mcp:<name>`). */
  fetch: FetchLike;
  /**
   * Where a stdio server's allow-listed variables (PATH, HOME, LANG…) are read from; nothing else of it is
   * passed on. Default process.env. A server's own configured `env` is added on top.
   */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Working directory of stdio servers that name none (e.g. the agent's workspace). */
  cwd?: string;
  timing?: Partial<McpTiming>;
  /** Most characters of one tool result handed to the model. Default 100 000. */
  maxOutputChars?: number;
  clientInfo?: { name: string; version: string };
  /**
   * Runs the work of one server (its starts, restarts and everything they schedule) inside the caller's scope;
   * the gateway names the server as the cause of the connections it opens. Tool calls stay in their caller's.
   */
  withinServer?<T>(server: string, work: () => T): T;
  now?: () => number;
  random?: () => number;
}

export interface McpHost extends ToolSource {
  /** The tools of running servers as `<server>__<tool>`, and of restarting ones (which answer unavailable). */
  tools(): readonly Tool[];
  /** One line per configured server, sorted by name, disabled ones included. */
  status(): readonly McpServerStatus[];
  /**
   * Applies a new configuration: starts newly enabled servers, stops disabled and removed ones (resolved once
   * they are stopped), restarts changed ones and leaves unchanged ones running. Starts are not awaited.
   */
  update(servers: McpServers): Promise<void>;
  /** Starts a `failed` (or restarting) server again now. */
  restart(name: string): void;
  /**
   * Stops an enabled server, whatever its state, waits until its process is gone, and starts it again;
   * resolves with its status once it is no longer starting (ready, restarting after a failed start, or failed).
   * A disabled server is left alone and answers as it is; undefined for a name that is not configured.
   */
  restartNow(name: string): Promise<McpServerStatus | undefined>;
  /** Calls `listener` after any change of status or tools; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves once no server is `starting` (each is ready, restarting, failed or disabled). */
  settled(): Promise<void>;
  /** Stops every server and waits until each spawned process is gone. */
  close(): Promise<void>;
}

export const defaultMcpTiming: McpTiming = {
  connectTimeoutMs: 30_000,
  callTimeoutMs: 120_000,
  stopGraceMs: 2000,
  backoff: defaultBackoff,
  maxConsecutiveFailures: 8,
  stableAfterMs: 60_000,
};

interface Entry {
  config: McpServerConfig;
  /** The configuration without `enabled`, to tell a changed server from an unchanged one. */
  key: string;
  supervisor?: ServerSupervisor;
}

/** JSON with sorted keys, so that two equal configurations give the same text. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([key, item]) => key !== "enabled" && item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableKey(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Creates the host and starts the enabled servers of `options.servers`.
 *
 * @example
 * const mcp = createMcpHost({ servers: agent.mcpServers, fetch: guardedFetch, cwd: workspaceDir });
 * const tools = [...builtinTools, ...mcp.tools()];
 * await mcp.close();
 */
export function createMcpHost(options: McpHostOptions): McpHost {
  const timing: McpTiming = { ...defaultMcpTiming, ...options.timing };
  const entries = new Map<string, Entry>();
  const listeners = new Set<() => void>();
  let closed = false;
  let updating: Promise<void> = Promise.resolve();

  const notify = () => {
    for (const listener of listeners) listener();
  };

  const route =
    (server: string): McpToolCall =>
    async (toolName, args, context): Promise<ToolResult> => {
      const entry = entries.get(server);
      const reason = closed
        ? "the MCP host is closed"
        : !entry
          ? "it is no longer configured"
          : !entry.supervisor
            ? "it is disabled in the agent's settings"
            : undefined;
      if (reason || !entry?.supervisor) {
        return {
          ok: false,
          error: {
            code: "MCP_SERVER_UNAVAILABLE",
            message: `MCP server '${server}' is not running: ${reason}`,
          },
        };
      }
      return entry.supervisor.call(toolName, args, context);
    };

  /** A server's own work: starting it, and stopping it (an HTTP session is ended with a request). */
  const within = <T>(name: string, work: () => T): T =>
    options.withinServer ? options.withinServer(name, work) : work();
  const start = (name: string, config: McpServerConfig) => within(name, () => startSupervisor(name, config));
  const stop = (name: string, supervisor: ServerSupervisor) => within(name, () => supervisor.stop());

  const startSupervisor = (name: string, config: McpServerConfig) =>
    createServerSupervisor({
      name,
      config,
      fetch: options.fetch,
      baseEnv: options.baseEnv ?? process.env,
      cwd: options.cwd,
      clientInfo: options.clientInfo ?? { name: "multiclaw", version: "0.1.0" },
      timing,
      maxOutputChars: options.maxOutputChars ?? 100_000,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      route,
      onChange: notify,
    });

  async function apply(servers: McpServers): Promise<void> {
    if (closed) return;
    const stopping: Promise<void>[] = [];
    for (const [name, entry] of entries) {
      if (name in servers) continue;
      entries.delete(name);
      if (entry.supervisor) stopping.push(stop(name, entry.supervisor));
    }
    for (const [name, config] of Object.entries(servers)) {
      const key = stableKey(config);
      const existing = entries.get(name);
      if (existing?.supervisor && config.enabled && existing.key === key) {
        existing.config = config;
        continue;
      }
      if (existing?.supervisor) stopping.push(stop(name, existing.supervisor));
      // A disabled server gets no supervisor: nothing is spawned and no connection is opened for it.
      entries.set(name, { config, key, ...(config.enabled ? { supervisor: start(name, config) } : {}) });
    }
    notify();
    await Promise.all(stopping);
  }

  const statusOf = (name: string) => host.status().find((server) => server.name === name);

  /** Resolves once `name` is not starting (or is gone). */
  const startedOrFailed = (name: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (statusOf(name)?.state === "starting") return;
        unsubscribe();
        resolve();
      };
      const unsubscribe = host.subscribe(check);
      check();
    });

  const host: McpHost = {
    tools: () => [...entries.values()].flatMap((entry) => entry.supervisor?.tools() ?? []),

    status: () =>
      [...entries.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(
          ([name, entry]): McpServerStatus =>
            entry.supervisor?.status() ?? {
              name,
              transport: "command" in entry.config ? "stdio" : "http",
              state: "disabled",
              toolCount: 0,
              consecutiveFailures: 0,
            },
        ),

    update(servers) {
      // One update at a time, in order; apply() does not reject, the catch only keeps the chain alive.
      updating = updating.catch(() => undefined).then(() => apply(servers));
      return updating;
    },

    restart(name) {
      entries.get(name)?.supervisor?.restart();
    },

    async restartNow(name) {
      // In line with updates, so a settings change and a restart never act on the same server at once.
      updating = updating
        .catch(() => undefined)
        .then(async () => {
          const entry = entries.get(name);
          if (closed || !entry?.supervisor) return;
          await stop(name, entry.supervisor);
          if (closed || entries.get(name) !== entry) return;
          entry.supervisor = start(name, entry.config);
          notify();
        });
      await updating;
      await startedOrFailed(name);
      return statusOf(name);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    settled() {
      return new Promise((resolve) => {
        const check = () => {
          if (host.status().some((server) => server.state === "starting")) return;
          unsubscribe();
          resolve();
        };
        const unsubscribe = host.subscribe(check);
        check();
      });
    },

    async close() {
      await updating;
      closed = true;
      const supervisors = [...entries].flatMap(([name, entry]) =>
        entry.supervisor ? [[name, entry.supervisor] as const] : [],
      );
      entries.clear();
      await Promise.all(supervisors.map(([name, supervisor]) => stop(name, supervisor)));
      notify();
      listeners.clear();
    },
  };

  // Applied now rather than chained, so status() lists the servers as soon as the host exists.
  if (options.servers) updating = apply(options.servers);
  return host;
}
