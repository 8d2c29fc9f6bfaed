import { describe, expect, it } from "vitest";
import { toolCallDuration, toolCallStatusOf } from "./tool-call-status.ts";
import type { ToolCallRecord } from "./transcript-state.ts";

const call: ToolCallRecord = {
  toolCallId: "c1",
  runId: "run_1",
  tool: "shell",
  input: {},
  startedAt: null,
  endedAt: null,
  result: null,
  approval: null,
  approvalDecision: null,
  drawn: true,
};
const approval = {
  id: "apr_1",
  runId: "run_1",
  toolCallId: "c1",
  tool: "shell",
  input: {},
  reason: "always" as const,
  createdAt: "2026-12-07T06:00:00.000Z",
};

describe("a tool call's status", () => {
  it("moves from requested to running to done", () => {
    expect(toolCallStatusOf(call, "running")).toBe("requested");
    expect(toolCallStatusOf({ ...call, startedAt: "2026-12-07T06:00:00.000Z" }, "running")).toBe("running");
    expect(toolCallStatusOf({ ...call, result: { ok: true, output: "", error: null } }, "completed")).toBe(
      "done",
    );
  });

  it("waits for approval until decided, and says denied when the user said no", () => {
    expect(toolCallStatusOf({ ...call, approval }, "awaiting-tool-approval")).toBe("awaiting-approval");
    const denied = {
      ...call,
      approval,
      approvalDecision: { decision: "deny" as const, scope: null },
      result: { ok: false, output: "denied", error: { code: "TOOL_DENIED" as const, message: "denied" } },
    };
    expect(toolCallStatusOf(denied, "running")).toBe("denied");
  });

  it("says a call nobody decided on in time was denied for it", () => {
    const expired = {
      ...call,
      approval,
      approvalDecision: { decision: "deny" as const, scope: null },
      result: {
        ok: false,
        output: "expired",
        error: { code: "APPROVAL_EXPIRED" as const, message: "expired" },
      },
    };
    expect(toolCallStatusOf(expired, "running")).toBe("expired");
  });

  it("says a call of an ended run that never got a result was not run", () => {
    expect(toolCallStatusOf({ ...call, approval }, "cancelled")).toBe("stopped");
  });

  it("measures the duration from the runtime's own times", () => {
    expect(
      toolCallDuration({
        ...call,
        startedAt: "2026-12-07T06:00:00.000Z",
        endedAt: "2026-12-07T06:00:01.250Z",
      }),
    ).toBe("1.3 s");
    expect(toolCallDuration(call)).toBeNull();
  });
});
