import { describe, expect, it } from "vitest";
import { connectionCauseWords } from "./connection-cause-words.ts";

const runId = `run_${"a".repeat(26)}`;
const agentId = `agt_${"b".repeat(26)}`;
const conversationId = `conv_${"c".repeat(26)}`;

describe("what a ledger line says caused it", () => {
  it("links a run's connection to the conversation it ran in", () => {
    expect(connectionCauseWords({ kind: "run", runId, agentId, conversationId })).toEqual({
      kind: "run",
      label: "A run of an agent",
      href: `/chat/${conversationId}`,
    });
    expect(connectionCauseWords({ kind: "run", runId, agentId, conversationId: null })).toMatchObject({
      href: null,
    });
  });

  it("names a feature, with what within it", () => {
    expect(connectionCauseWords({ kind: "feature", feature: "mcp-server", detail: "files" })).toEqual({
      kind: "feature",
      label: "MCP server",
      detail: "files",
    });
    expect(connectionCauseWords({ kind: "feature", feature: "config-sync", detail: null })).toMatchObject({
      label: "Configuration sync",
    });
  });

  it("says so when the gateway recorded no cause", () => {
    expect(connectionCauseWords(null)).toEqual({ kind: "unknown", label: "Cause not recorded" });
  });
});
