import type { Agent, McpServerConfig } from "@multiclaw/protocol";
import { formatAgo } from "../connections/render-connections.ts";
import { renderTable } from "../workspace/workspace-table.ts";

/*
 * How agents read in a terminal. MCP servers show by name and transport; their env values and headers are never
 * printed here (they may be credentials) — `--json` shows the agent exactly as the Cloud returns it.
 */

function describeServer(name: string, server: McpServerConfig): string {
  const transport = "command" in server ? "stdio" : "http";
  return `${name} (${transport}${server.enabled ? "" : ", off"})`;
}

export function describeMcpServers(agent: Pick<Agent, "mcpServers">): string {
  const entries = Object.entries(agent.mcpServers);
  return entries.length === 0
    ? "-"
    : entries.map(([name, server]) => describeServer(name, server)).join("\n");
}

export function describeToolPolicy(agent: Pick<Agent, "toolPolicy">): string {
  const lines = [];
  if (agent.toolPolicy.requireApproval.length > 0) {
    lines.push(`ask: ${agent.toolPolicy.requireApproval.join(", ")}`);
  }
  if (agent.toolPolicy.deny.length > 0) lines.push(`deny: ${agent.toolPolicy.deny.join(", ")}`);
  return lines.length === 0 ? "-" : lines.join("\n");
}

export function renderAgents(agents: readonly Agent[], options: { colour: boolean; now: number }): string {
  if (agents.length === 0) {
    return "No agents yet. Create one with `multiclaw agents create --name <name> --provider <provider> --model <model>`.";
  }
  return renderTable(
    ["NAME", "ID", "MODEL", "MCP SERVERS", "TOOL POLICY", "UPDATED"],
    agents.map((agent) => [
      agent.name,
      agent.id,
      `${agent.provider}/${agent.model}`,
      describeMcpServers(agent),
      describeToolPolicy(agent),
      formatAgo(agent.updatedAt, options.now),
    ]),
    { colour: options.colour },
  );
}

/** One line about an agent after a change: `Writer (agt_…): anthropic/claude-sonnet-4-5, MCP servers: files`. */
export function summariseAgent(agent: Agent): string {
  const servers = Object.keys(agent.mcpServers);
  return (
    `${agent.name} (${agent.id}): ${agent.provider}/${agent.model}` +
    (servers.length > 0 ? `, MCP servers: ${servers.join(", ")}` : "")
  );
}
