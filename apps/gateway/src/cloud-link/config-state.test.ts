import { inspect } from "node:util";
import type { Agent, ConfigSnapshot } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import type { ConfigChange } from "./config-change.ts";
import { createConfigState } from "./config-state.ts";

const workspaceId = "ws_01j9zzzzzzzzzzzzzzzzzzzzzz";
const instanceId = "ins_01j9zzzzzzzzzzzzzzzzzzzzzz";
const userId = "usr_01j9zzzzzzzzzzzzzzzzzzzzzz";
const at = "2030-01-01T00:00:00.000Z";

function agent(id: string, changes: Partial<Agent> = {}): Agent {
  return {
    id,
    workspaceId,
    name: "Writer",
    instructions: "",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    toolPolicy: { requireApproval: [], deny: [] },
    mcpServers: {},
    revision: 1,
    createdBy: userId,
    createdAt: at,
    updatedAt: at,
    ...changes,
  };
}

const first = "agt_01j9aaaaaaaaaaaaaaaaaaaaaa";
const second = "agt_01j9bbbbbbbbbbbbbbbbbbbbbb";
const withServer = { files: { command: "npx", args: [], env: {}, enabled: true } };

function snapshot(changes: Partial<ConfigSnapshot> = {}): ConfigSnapshot {
  return {
    workspaceId,
    instanceId,
    revision: 4,
    workspaceName: "Team",
    agents: [agent(first)],
    providerKeys: [{ provider: "anthropic", apiKey: "sk-ant-secret-1", baseUrl: null, keyVersion: 1 }],
    members: [],
    ...changes,
  };
}

describe("the config state", () => {
  it("holds keys as Secrets that JSON and inspect cannot reveal", () => {
    const state = createConfigState();
    state.applySnapshot(snapshot());
    expect(state.providerKey("anthropic")?.apiKey.reveal()).toBe("sk-ant-secret-1");
    const entry = state.providerKey("anthropic");
    expect(JSON.stringify({ state: state.current(), entry })).not.toContain("sk-ant-secret-1");
    expect(inspect(state.current(), { depth: 10, showHidden: true })).not.toContain("sk-ant-secret-1");
    expect(inspect(entry)).not.toContain("sk-ant-secret-1");
  });

  it("names what a delta changed: agents, keys, MCP servers", () => {
    const state = createConfigState();
    const changes: ConfigChange[] = [];
    state.onChange((change) => changes.push(change));
    state.applySnapshot(snapshot());
    state.applyDelta({
      workspaceId,
      fromRevision: 4,
      revision: 6,
      agentsChanged: [agent(first, { mcpServers: withServer }), agent(second)],
      agentsDeleted: [],
      providerKeys: [
        { provider: "anthropic", apiKey: "sk-ant-secret-2", baseUrl: null, keyVersion: 2 },
        { provider: "gemini", apiKey: "gm-secret", baseUrl: null, keyVersion: 1 },
      ],
    });
    expect(changes.at(-1)).toEqual({
      source: "delta",
      fromRevision: 4,
      revision: 6,
      agents: { added: [second], changed: [first], removed: [] },
      providerKeys: { added: ["gemini"], changed: ["anthropic"], removed: [] },
      // The new agent has no servers, so only the first agent's servers concern MCP.
      mcpServers: { agentIds: [first] },
      members: false,
      workspaceName: false,
    });
    expect(state.current()?.agents.map((item) => item.id)).toEqual([first, second]);

    state.applyDelta({
      workspaceId,
      fromRevision: 6,
      revision: 7,
      agentsChanged: [],
      agentsDeleted: [first],
    });
    expect(changes.at(-1)).toMatchObject({
      agents: { added: [], changed: [], removed: [first] },
      mcpServers: { agentIds: [first] },
      providerKeys: null,
    });
  });

  it("refuses a delta that does not start at its revision, and reports an unchanged snapshot as no change", () => {
    const state = createConfigState();
    const changes: ConfigChange[] = [];
    state.onChange((change) => changes.push(change));
    state.applySnapshot(snapshot());
    expect(() =>
      state.applyDelta({ workspaceId, fromRevision: 2, revision: 5, agentsChanged: [], agentsDeleted: [] }),
    ).toThrow(/does not apply/);
    expect(state.applySnapshot(snapshot())).toBeNull();
    expect(changes).toHaveLength(1);
  });
});
