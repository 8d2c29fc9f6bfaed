import type { Agent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { describeChange } from "./config-change.ts";
import type { GatewayConfig } from "./config-state.ts";

const at = "2030-01-01T00:00:00.000Z";
const agentId = "agt_01j9aaaaaaaaaaaaaaaaaaaaaa";

function agent(mcpServers: Agent["mcpServers"]): Agent {
  return {
    id: agentId,
    workspaceId: "ws_01j9zzzzzzzzzzzzzzzzzzzzzz",
    name: "Writer",
    instructions: "",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    toolPolicy: { requireApproval: [], deny: [] },
    mcpServers,
    revision: 1,
    createdBy: "usr_01j9zzzzzzzzzzzzzzzzzzzzzz",
    createdAt: at,
    updatedAt: at,
  };
}

function config(revision: number, agents: Agent[]): GatewayConfig {
  return {
    workspaceId: "ws_01j9zzzzzzzzzzzzzzzzzzzzzz",
    instanceId: "ins_01j9zzzzzzzzzzzzzzzzzzzzzz",
    revision,
    workspaceName: "Team",
    agents,
    providerKeys: new Map(),
    members: [],
  };
}

const files = { command: "npx", args: ["-y", "server"], env: {}, enabled: true };
const web = { url: "http://127.0.0.1:9/mcp", headers: {}, enabled: true };

describe("describeChange", () => {
  it("sees no change when only the order of keys differs, at any depth", () => {
    const before = config(1, [agent({ files, web })]);
    const reordered = agent({ web: { enabled: true, headers: {}, url: web.url }, files });
    expect(describeChange(before, config(2, [reordered]), "delta")).toBeNull();
  });

  it("sees no change for reordered keys of mixed case and beyond ASCII", () => {
    const one = agent({ Zeta: files, alpha: web, é: files, f: web });
    const other = agent({ f: web, é: files, alpha: web, Zeta: files });
    expect(describeChange(config(1, [one]), config(2, [other]), "delta")).toBeNull();
  });

  it("reports an edited server as a change of the agent and of its MCP servers", () => {
    const before = config(1, [agent({ files })]);
    const after = config(2, [agent({ files: { ...files, enabled: false } })]);
    expect(describeChange(before, after, "delta")).toMatchObject({
      agents: { added: [], changed: [agentId], removed: [] },
      mcpServers: { agentIds: [agentId] },
    });
  });
});
