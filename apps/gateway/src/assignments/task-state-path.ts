import {
  type ErrorCode,
  type RunState,
  type TaskFailureCode,
  type TaskState,
  taskTransitions,
} from "@multiclaw/protocol";

/*
 * How a local run shows in the Cloud: the task state that mirrors a run state, and the shortest legal walk
 * through the task state machine to get there. The walk makes reporting convergent: after a restart or an
 * offline spell the gateway compares the Cloud's state with its run and moves the task along, step by step.
 */

export interface TaskTarget {
  state: TaskState;
  failureCode?: TaskFailureCode;
}

/** The task state (and failure code) a run in `state` stands for. */
export function taskTargetOf(state: RunState, errorCode: ErrorCode | undefined): TaskTarget {
  switch (state) {
    case "planning":
      return { state: "planning" };
    case "awaiting-plan-approval":
    case "awaiting-tool-approval":
      return { state: "awaiting-approval" };
    case "running":
      return { state: "running" };
    case "completed":
      return { state: "done" };
    case "cancelled":
      return { state: "cancelled" };
    case "rejected":
      return { state: "failed", failureCode: "PLAN_REJECTED" };
    case "interrupted":
      return { state: "failed", failureCode: "INTERRUPTED" };
    case "failed":
      return { state: "failed", failureCode: failureCodeOf(errorCode) };
  }
}

/** Error codes of the run, folded into the few codes the Cloud stores (it keeps no free text about work). */
export function failureCodeOf(code: ErrorCode | undefined): TaskFailureCode {
  if (code === undefined) return "OTHER";
  if (code === "KEY_NOT_CONFIGURED") return "KEY_NOT_CONFIGURED";
  if (code === "PLAN_REJECTED") return "PLAN_REJECTED";
  if (code === "RUN_INTERRUPTED") return "INTERRUPTED";
  if (code === "PROVIDER_TIMEOUT" || code === "TOOL_TIMEOUT") return "TIMEOUT";
  if (code.startsWith("PROVIDER_") || code === "KEY_REJECTED") return "PROVIDER_ERROR";
  if (code.startsWith("TOOL_") || code.startsWith("MCP_") || code === "PATH_OUTSIDE_WORKSPACE") {
    return "TOOL_ERROR";
  }
  return "OTHER";
}

/**
 * The states to pass through from `from` to `to`, excluding `from` (empty when already there, undefined when
 * the machine has no way: a final state, or a target behind the current one).
 */
export function taskPath(from: TaskState, to: TaskState): TaskState[] | undefined {
  if (from === to) return [];
  const previous = new Map<TaskState, TaskState>();
  const queue: TaskState[] = [from];
  while (queue.length > 0) {
    const state = queue.shift() as TaskState;
    for (const next of taskTransitions[state]) {
      // `queued` is the Cloud's, not a step forward for a gateway working on the task.
      if (next === "queued" || next === from || previous.has(next)) continue;
      previous.set(next, state);
      if (next === to) {
        const path: TaskState[] = [to];
        let step = state;
        while (step !== from) {
          path.unshift(step);
          step = previous.get(step) as TaskState;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
}
