import { describe, expect, it } from "vitest";
import { connectionCauseText } from "./connection-cause-text.ts";

describe("the cause column of `multiclaw connections log`", () => {
  it("names the run by its id, a feature by its name and what within it", () => {
    const runId = `run_${"c".repeat(26)}`;
    expect(
      connectionCauseText({ kind: "run", runId, agentId: `agt_${"d".repeat(26)}`, conversationId: null }),
    ).toBe(`run ${runId}`);
    expect(connectionCauseText({ kind: "feature", feature: "mcp-server", detail: "files" })).toBe(
      "mcp-server (files)",
    );
    expect(connectionCauseText({ kind: "feature", feature: "update-check", detail: null })).toBe(
      "update-check",
    );
    expect(connectionCauseText(null)).toBe("-");
  });
});
