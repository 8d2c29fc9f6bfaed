import type { AgentSummary, AgentSummaryList } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { withServerStatus } from "./with-server-status.ts";

function agent(id: string): AgentSummary {
  return {
    id,
    name: id,
    provider: "anthropic",
    model: "claude-test",
    keyConfigured: true,
    mcpServers: [
      { name: "files", transport: "stdio", state: "failed", toolCount: 0, reason: "exited while starting" },
      { name: "search", transport: "http", state: "running", toolCount: 2, reason: null },
    ],
  };
}

describe("the cached agents after a restart", () => {
  it("take the restarted server's status, and leave other servers and agents as they were", () => {
    const list: AgentSummaryList = { agents: [agent("agt_one"), agent("agt_two")] };
    const next = withServerStatus(list, "agt_one", {
      name: "files",
      transport: "stdio",
      state: "running",
      toolCount: 3,
      reason: null,
    });
    expect(next?.agents[0]?.mcpServers).toEqual([
      { name: "files", transport: "stdio", state: "running", toolCount: 3, reason: null },
      list.agents[0]?.mcpServers[1],
    ]);
    expect(next?.agents[1]).toEqual(list.agents[1]);
  });

  it("leave an empty cache empty", () => {
    const status = {
      name: "files",
      transport: "stdio",
      state: "running",
      toolCount: 3,
      reason: null,
    } as const;
    expect(withServerStatus(undefined, "agt_one", status)).toBeUndefined();
  });
});
