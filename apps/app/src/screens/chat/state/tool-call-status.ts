import { type RunState, terminalRunStates } from "@multiclaw/protocol";
import type { ToolCallRecord } from "./transcript-state.ts";

/** Where a tool call stands, as its card shows it. */
export type ToolCallStatus =
  | "requested"
  | "awaiting-approval"
  | "running"
  | "done"
  | "failed"
  | "denied"
  | "expired"
  | "stopped";

/** Every status's label; a new status fails the type check until it has one. */
export const toolCallStatusLabels: Record<ToolCallStatus, string> = {
  requested: "Requested",
  "awaiting-approval": "Waiting for your approval",
  running: "Running",
  done: "Done",
  failed: "Failed",
  denied: "Denied",
  expired: "Denied: nobody decided in time",
  stopped: "Not run",
};

/** The status of a call, given the state of its run (a call of an ended run without a result never ran). */
export function toolCallStatusOf(call: ToolCallRecord, runState: RunState | null): ToolCallStatus {
  if (call.result) {
    if (call.result.ok) return "done";
    if (call.result.error?.code === "APPROVAL_EXPIRED") return "expired";
    return call.result.error?.code === "TOOL_DENIED" || call.approvalDecision?.decision === "deny"
      ? "denied"
      : "failed";
  }
  if (call.approval && call.approvalDecision === null) {
    return runState !== null && terminalRunStates.includes(runState) ? "stopped" : "awaiting-approval";
  }
  if (runState !== null && terminalRunStates.includes(runState)) return "stopped";
  return call.startedAt ? "running" : "requested";
}

/** "1.2 s", from the runtime's start and end times of the call; null when not seen live. */
export function toolCallDuration(call: ToolCallRecord): string | null {
  if (!call.startedAt || !call.endedAt) return null;
  const ms = Date.parse(call.endedAt) - Date.parse(call.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
