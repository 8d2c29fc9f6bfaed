import type { Agent, AgentSummary } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { describeMcpServers, describeToolPolicy } from "./agent-policy-summary.ts";

describe("an agent's one-line summaries", () => {
  it("says what the tool policy does", () => {
    expect(describeToolPolicy({ requireApproval: [], deny: [] })).toBe("Runs every tool without asking");
    expect(describeToolPolicy({ requireApproval: ["a", "b"], deny: ["c"] })).toBe(
      "Asks before 2 tools · never runs 1 tool",
    );
  });

  it("counts MCP servers with those off here and those that failed on this gateway", () => {
    const agent = {
      mcpServers: {
        git: { command: "uvx", args: [], env: {}, enabled: true },
        files: { command: "npx", args: [], env: {}, enabled: false },
        docs: { url: "https://docs.example.test/mcp", headers: {}, enabled: true },
      },
    } as unknown as Agent;
    const live = {
      mcpServers: [
        { name: "git", transport: "stdio", state: "failed", toolCount: 0, reason: "exited 1" },
        { name: "docs", transport: "http", state: "running", toolCount: 4, reason: null },
      ],
    } as unknown as AgentSummary;
    expect(describeMcpServers(agent, live)).toBe("3 MCP servers (1 failed, 1 off)");
    expect(describeMcpServers(agent, undefined)).toBe("3 MCP servers (1 off)");
    expect(describeMcpServers({ mcpServers: {} } as unknown as Agent, undefined)).toBe("No MCP servers");
  });
});
