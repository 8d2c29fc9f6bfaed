import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  createBuiltinTools,
  createMcpHost,
  type McpHost,
  type McpHostOptions,
  type McpHostServerStatus,
  type Tool,
} from "@multiclaw/agent";
import type { Agent, AgentSummary, McpServerStatus, McpServers, Provider } from "@multiclaw/protocol";

/*
 * Each agent's tools on this gateway: the built-ins rooted in the agent's own workspace directory, and the MCP
 * servers of its settings, one host per agent. Settings change live: `sync` starts, stops and restarts servers
 * to match the synced agents without touching the ones that did not change. A server whose row the user
 * blocked counts as disabled — it is never spawned or connected.
 */

export interface AgentToolsDeps {
  /** Where the agents' workspace directories are made (`<agentsDir>/<agentId>/workspace`). */
  agentsDir: string;
  /** The guarded fetch (MCP over HTTP, web.fetch). */
  fetch: typeof fetch;
  /** Opens the web-fetch row for one page; the returned function closes it. */
  allowWebFetch(url: URL): () => void;
  /** Whether the user blocked `mcp:<name>`. */
  isBlocked(rowId: string): boolean;
  mcpTiming?: McpHostOptions["timing"];
  /** Runs one server's starts inside the gateway's scope for it (the cause of its connections). */
  withinServer?: McpHostOptions["withinServer"];
  /** The environment stdio servers take their allow-listed variables from. */
  baseEnv?: Readonly<Record<string, string | undefined>>;
}

export interface AgentTools {
  toolsFor(agent: Agent): readonly Tool[];
  /** Makes the MCP hosts match these agents (after a sync, a settings change or a block). */
  sync(agents: readonly Agent[]): Promise<void>;
  summaries(agents: readonly Agent[], keyConfigured: (provider: Provider) => boolean): AgentSummary[];
  /**
   * Stops and starts one MCP server of one agent; resolves with its status once it is up or has failed.
   * Undefined when the agent has no server of that name.
   */
  restartServer(agentId: string, name: string): Promise<McpServerStatus | undefined>;
  /** MCP servers across agents, for the connection inventory: enabled when any agent enables it. */
  mcpServers(agents: readonly Agent[]): { name: string; url?: string; enabled: boolean }[];
  workspaceDirOf(agentId: string): string;
  close(): Promise<void>;
}

const stateOnTheWire: Record<McpHostServerStatus["state"], McpServerStatus["state"]> = {
  starting: "starting",
  ready: "running",
  restarting: "restarting",
  failed: "failed",
  disabled: "disabled",
};

export function createAgentTools(deps: AgentToolsDeps): AgentTools {
  const onTheWire = (status: McpHostServerStatus): McpServerStatus => ({
    name: status.name,
    transport: status.transport,
    state: stateOnTheWire[status.state],
    toolCount: status.toolCount,
    reason: deps.isBlocked(`mcp:${status.name}`)
      ? `blocked by you (multiclaw connections unblock mcp:${status.name})`
      : status.lastError && status.state !== "ready"
        ? status.lastError.message
        : null,
  });

  const hosts = new Map<string, McpHost>();
  const builtins = new Map<string, readonly Tool[]>();

  function workspaceDirOf(agentId: string): string {
    return join(deps.agentsDir, agentId, "workspace");
  }

  function effectiveServers(agent: Agent): McpServers {
    return Object.fromEntries(
      Object.entries(agent.mcpServers).map(([name, server]) => [
        name,
        deps.isBlocked(`mcp:${name}`) ? { ...server, enabled: false } : server,
      ]),
    ) as McpServers;
  }

  function builtinsOf(agent: Agent): readonly Tool[] {
    let tools = builtins.get(agent.id);
    if (!tools) {
      const workspaceDir = workspaceDirOf(agent.id);
      mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
      tools = createBuiltinTools({
        workspaceDir,
        webFetch: { fetch: deps.fetch, allowWebFetch: deps.allowWebFetch },
      });
      builtins.set(agent.id, tools);
    }
    return tools;
  }

  return {
    toolsFor(agent) {
      return [...builtinsOf(agent), ...(hosts.get(agent.id)?.tools() ?? [])];
    },
    async sync(agents) {
      const present = new Set(agents.map((agent) => agent.id));
      const work: Promise<void>[] = [];
      for (const [agentId, host] of hosts) {
        if (present.has(agentId)) continue;
        hosts.delete(agentId);
        builtins.delete(agentId);
        work.push(host.close());
      }
      for (const agent of agents) {
        const servers = effectiveServers(agent);
        const host = hosts.get(agent.id);
        if (host) {
          work.push(host.update(servers));
        } else if (Object.keys(servers).length > 0) {
          hosts.set(
            agent.id,
            createMcpHost({
              servers,
              fetch: deps.fetch as McpHostOptions["fetch"],
              cwd: workspaceDirOf(agent.id),
              ...(deps.baseEnv ? { baseEnv: deps.baseEnv } : {}),
              ...(deps.mcpTiming ? { timing: deps.mcpTiming } : {}),
              ...(deps.withinServer ? { withinServer: deps.withinServer } : {}),
            }),
          );
          mkdirSync(workspaceDirOf(agent.id), { recursive: true, mode: 0o700 });
        }
      }
      await Promise.all(work);
    },
    summaries(agents, keyConfigured) {
      return agents.map((agent) => ({
        id: agent.id,
        name: agent.name,
        provider: agent.provider,
        model: agent.model,
        keyConfigured: keyConfigured(agent.provider),
        mcpServers: (hosts.get(agent.id)?.status() ?? []).map(onTheWire),
      }));
    },
    async restartServer(agentId, name) {
      const status = await hosts.get(agentId)?.restartNow(name);
      return status && onTheWire(status);
    },
    mcpServers(agents) {
      const servers = new Map<string, { name: string; url?: string; enabled: boolean }>();
      for (const agent of agents) {
        for (const [name, server] of Object.entries(agent.mcpServers)) {
          const known = servers.get(name);
          const url = "url" in server ? server.url : undefined;
          servers.set(name, {
            name,
            ...(url ? { url } : known?.url ? { url: known.url } : {}),
            enabled: (known?.enabled ?? false) || server.enabled,
          });
        }
      }
      return [...servers.values()];
    },
    workspaceDirOf,
    async close() {
      await Promise.all([...hosts.values()].map((host) => host.close()));
      hosts.clear();
    },
  };
}
