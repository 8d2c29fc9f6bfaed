import type { ApprovalRequest } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { renderApprovalReach, renderExpiry } from "./render-approval.ts";
import { plainStyle, renderRunEvent } from "./render-run-event.ts";

const now = Date.parse("2026-03-01T09:00:00.000Z");
const approval: ApprovalRequest = {
  id: "apr_01",
  runId: "run_01",
  toolCallId: "call_1",
  tool: "github__create_issue",
  input: { title: "Bug" },
  reason: "policy",
  createdAt: "2026-03-01T09:00:00.000Z",
};

describe("an approval question in the terminal", () => {
  it("lists the rows the call may open, their hosts and what they contacted, and when it expires", () => {
    const text = renderApprovalReach(
      {
        ...approval,
        connections: [
          {
            rowId: "mcp:github",
            title: "MCP server github",
            hosts: ["api.githubcopilot.com"],
            contactedHosts: ["api.githubcopilot.com"],
          },
          { rowId: "mcp:files", title: "MCP server files", hosts: [], contactedHosts: [] },
        ],
        expiresAt: "2026-03-01T09:30:00.000Z",
      },
      plainStyle,
      now,
    );
    expect(text).toBe(
      "  may connect: MCP server github [mcp:github] → api.githubcopilot.com; recently api.githubcopilot.com\n" +
        "  may connect: MCP server files [mcp:files] → a local process, no hosts\n" +
        "  denied if nobody decides in 30 min (09:30 UTC)\n",
    );
  });

  it("says a call is local when it opens no row, and shows nothing a request did not record", () => {
    expect(renderApprovalReach({ ...approval, connections: [] }, plainStyle, now)).toBe(
      "  local: opens no network connection of the gateway\n",
    );
    expect(renderApprovalReach(approval, plainStyle, now)).toBe("");
  });

  it("counts the last minute in seconds, then says it expired", () => {
    expect(renderExpiry("2026-03-01T09:00:45.000Z", now)).toBe("in 45 s (09:00 UTC)");
    expect(renderExpiry("2026-03-01T08:59:00.000Z", now)).toBe("expired (08:59 UTC)");
  });
});

it("says a call nobody decided on in time was denied for it", () => {
  const decided = {
    type: "approval-decided" as const,
    approvalId: "apr_01",
    decision: "deny" as const,
    scope: null,
  };
  expect(renderRunEvent({ ...decided, expired: true }, plainStyle)).toBe(
    "  denied: nobody decided in time\n",
  );
  expect(renderRunEvent(decided, plainStyle)).toBe("  denied\n");
});
