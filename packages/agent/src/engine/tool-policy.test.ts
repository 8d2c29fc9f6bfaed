import type { ApprovalGrant } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import {
  allowedScopes,
  approvalReason,
  grantCovers,
  isToolDenied,
  matchesToolPattern,
} from "./tool-policy.ts";

describe("tool patterns", () => {
  it("match a whole name, or a prefix when they end in *", () => {
    expect(matchesToolPattern("files.read", "files.read")).toBe(true);
    expect(matchesToolPattern("files.read", "files.readme")).toBe(false);
    expect(matchesToolPattern("files.*", "files.write")).toBe(true);
    expect(matchesToolPattern("files.*", "filesystem.write")).toBe(false);
    expect(matchesToolPattern("github__*", "github__create_issue")).toBe(true);
    expect(matchesToolPattern("*", "anything")).toBe(true);
  });
});

describe("the tool policy", () => {
  const policy = { requireApproval: ["files.write", "github__*"], deny: ["web.*"] };

  it("denies by pattern", () => {
    expect(isToolDenied(policy, "web.fetch")).toBe(true);
    expect(isToolDenied(policy, "files.write")).toBe(false);
  });

  it("asks for the tools it names and for tools that always ask, and lets the rest run", () => {
    expect(approvalReason(policy, { name: "files.write" })).toBe("policy");
    expect(approvalReason(policy, { name: "github__merge" })).toBe("policy");
    expect(approvalReason(policy, { name: "shell.run", alwaysNeedsApproval: true })).toBe("always");
    expect(approvalReason(policy, { name: "files.read" })).toBeNull();
  });

  it("offers no agent-wide grant for a tool that always asks", () => {
    expect(allowedScopes("policy")).toEqual(["call", "tool-for-run", "tool-for-agent"]);
    expect(allowedScopes("always")).toEqual(["call", "tool-for-run"]);
  });
});

describe("a grant", () => {
  const agentId = "agt_00000000000000000000000001";
  const runId = "run_00000000000000000000000001";
  const grant = (overrides: Partial<ApprovalGrant>): ApprovalGrant => ({
    tool: "files.write",
    scope: "tool-for-agent",
    agentId,
    runId: null,
    expiresAt: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  });
  const call = { tool: "files.write", agentId, runId, reason: "policy" as const };

  it("covers its own tool, agent and run only", () => {
    expect(grantCovers(grant({}), call)).toBe(true);
    expect(grantCovers(grant({ tool: "files.read" }), call)).toBe(false);
    expect(grantCovers(grant({ agentId: "agt_00000000000000000000000002" }), call)).toBe(false);
    expect(grantCovers(grant({ scope: "tool-for-run", runId }), call)).toBe(true);
    expect(grantCovers(grant({ scope: "tool-for-run", runId: "run_00000000000000000000000002" }), call)).toBe(
      false,
    );
  });

  it("for the whole agent does not cover a tool that always asks", () => {
    const always = { ...call, reason: "always" as const };
    expect(grantCovers(grant({}), always)).toBe(false);
    expect(grantCovers(grant({ scope: "tool-for-run", runId }), always)).toBe(true);
  });
});
