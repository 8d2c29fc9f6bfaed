import { canTransition, type TaskFailureCode, type TaskState } from "@multiclaw/protocol";
import type { PillTone } from "../../ui/status-pill.tsx";

/*
 * How each task state reads, as a Record over the state union: a new state in the protocol fails the type
 * check here until it has words and a colour.
 */

export const taskStateLooks: Record<TaskState, { label: string; tone: PillTone }> = {
  queued: { label: "Queued", tone: "quiet" },
  assigned: { label: "Assigned", tone: "busy" },
  planning: { label: "Planning", tone: "busy" },
  "awaiting-approval": { label: "Waiting for approval", tone: "waiting" },
  running: { label: "Running", tone: "busy" },
  done: { label: "Done", tone: "good" },
  failed: { label: "Failed", tone: "bad" },
  cancelled: { label: "Cancelled", tone: "quiet" },
};

export const failureReasons: Record<TaskFailureCode, string> = {
  PLAN_REJECTED: "The plan was rejected.",
  PROVIDER_ERROR: "The model provider answered with an error.",
  KEY_NOT_CONFIGURED: "The workspace has no key for the agent's provider.",
  TOOL_ERROR: "A tool failed.",
  INTERRUPTED: "The gateway stopped while it ran.",
  TIMEOUT: "It took too long.",
  INSTANCE_OFFLINE: "The gateway running it went offline.",
  OTHER: "It failed for another reason.",
};

/** The Cloud (re)assigns only tasks no gateway has started. */
export function canAssign(state: TaskState): boolean {
  return state === "queued" || state === "assigned";
}

/** Any live state may be cancelled; done, failed and cancelled are final. */
export function canCancel(state: TaskState): boolean {
  return canTransition(state, "cancelled");
}

/** Creates and transitions must carry one: a retried request then cannot act twice. */
export function newIdempotencyKey(action: string): string {
  return `app-${action}-${crypto.randomUUID()}`;
}
