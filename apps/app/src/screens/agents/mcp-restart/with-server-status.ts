import type { AgentSummaryList, McpServerStatus } from "@multiclaw/protocol";

/** Puts a restarted server's status into the cached agents at once; the next poll confirms it. */
export function withServerStatus(
  list: AgentSummaryList | undefined,
  agentId: string,
  status: McpServerStatus,
): AgentSummaryList | undefined {
  if (!list) return list;
  return {
    agents: list.agents.map((agent) =>
      agent.id !== agentId
        ? agent
        : {
            ...agent,
            mcpServers: agent.mcpServers.map((server) => (server.name === status.name ? status : server)),
          },
    ),
  };
}
