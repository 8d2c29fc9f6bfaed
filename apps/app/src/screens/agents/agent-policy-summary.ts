import type { Agent, AgentSummary } from "@multiclaw/protocol";

/** "Asks before 2 tools · never runs 1", or "Runs every tool without asking". */
export function describeToolPolicy(policy: Agent["toolPolicy"]): string {
  const parts: string[] = [];
  const count = (n: number) => `${n} tool${n === 1 ? "" : "s"}`;
  if (policy.requireApproval.length > 0) parts.push(`asks before ${count(policy.requireApproval.length)}`);
  if (policy.deny.length > 0) parts.push(`never runs ${count(policy.deny.length)}`);
  if (parts.length === 0) return "Runs every tool without asking";
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "3 MCP servers (1 failed, 1 off)": how many, and what is wrong with them on this gateway. */
export function describeMcpServers(agent: Agent, live: AgentSummary | undefined): string {
  const configured = Object.values(agent.mcpServers);
  if (configured.length === 0) return "No MCP servers";
  const off = configured.filter((server) => !server.enabled).length;
  const failed = live?.mcpServers.filter((server) => server.state === "failed").length ?? 0;
  const notes = [failed > 0 ? `${failed} failed` : null, off > 0 ? `${off} off` : null].filter(Boolean);
  const total = `${configured.length} MCP server${configured.length === 1 ? "" : "s"}`;
  return notes.length > 0 ? `${total} (${notes.join(", ")})` : total;
}
