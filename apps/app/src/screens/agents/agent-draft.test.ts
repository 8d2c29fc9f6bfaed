import type { Agent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { type AgentDraft, checkDraft, draftOf, emptyDraft, updateOf } from "./agent-draft.ts";

const agent: Agent = {
  id: `agt_${"a".repeat(26)}`,
  workspaceId: `ws_${"b".repeat(26)}`,
  name: "Writer",
  instructions: "Write plainly.",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  toolPolicy: { requireApproval: ["files.write"], deny: ["shell*"] },
  mcpServers: { git: { args: ["mcp-server-git"], command: "uvx", enabled: true, env: {} } },
  revision: 7,
  createdBy: `usr_${"c".repeat(26)}`,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
};

function checked(draft: AgentDraft) {
  const check = checkDraft(draft);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  return check.request;
}

describe("the agent form's draft", () => {
  it("turns a new draft into a create request, tool patterns one per line or comma-separated", () => {
    const request = checked({
      ...emptyDraft("openai"),
      name: " Researcher ",
      model: "gpt-5",
      requireApproval: "files.write\n\nweb.fetch, git__*",
      deny: "shell.run",
    });
    expect(request).toEqual({
      name: "Researcher",
      instructions: "",
      provider: "openai",
      model: "gpt-5",
      toolPolicy: { requireApproval: ["files.write", "web.fetch", "git__*"], deny: ["shell.run"] },
      mcpServers: {},
    });
  });

  it("names each field's problem before anything is sent", () => {
    const check = checkDraft({
      ...emptyDraft("openai"),
      requireApproval: "files write\nok.tool",
      deny: "a/b",
    });
    expect(check).toEqual({
      ok: false,
      problems: {
        name: "Give the agent a name",
        model: "Name the model, e.g. claude-sonnet-4-5 or gpt-5",
        requireApproval: expect.stringContaining("Not a tool name: files write"),
        deny: expect.stringContaining("Not a tool name: a/b"),
      },
    });
  });

  it("sends nothing for an unchanged agent, even when the Cloud ordered its servers' keys differently", () => {
    expect(updateOf(agent, checked(draftOf(agent)))).toBeNull();
  });

  it("sends only what changed, with the revision it started from", () => {
    const request = checked({ ...draftOf(agent), model: "claude-opus-4-1", deny: "" });
    expect(updateOf(agent, request)).toEqual({
      model: "claude-opus-4-1",
      toolPolicy: { requireApproval: ["files.write"], deny: [] },
      expectedRevision: 7,
    });
  });

  it("sends the servers when one is switched off", () => {
    const draft = draftOf(agent);
    const request = checked({
      ...draft,
      mcpServers: { git: { command: "uvx", args: ["mcp-server-git"], env: {}, enabled: false } },
    });
    expect(updateOf(agent, request)).toEqual({
      mcpServers: { git: { command: "uvx", args: ["mcp-server-git"], env: {}, enabled: false } },
      expectedRevision: 7,
    });
  });
});
