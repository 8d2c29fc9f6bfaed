import { z } from "zod";
import { AgentId, InstanceId, TaskId, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";

export const TaskState = z.enum([
  "queued",
  "assigned",
  "planning",
  "awaiting-approval",
  "running",
  "done",
  "failed",
  "cancelled",
]);
export type TaskState = z.infer<typeof TaskState>;

/**
 * The task state machine. A plan can be revised (awaiting-approval → planning) and a running task can go back
 * to awaiting approval when a tool needs it. Any live state may be cancelled; done, failed and cancelled are final.
 */
export const taskTransitions: Readonly<Record<TaskState, readonly TaskState[]>> = {
  queued: ["assigned", "cancelled"],
  assigned: ["planning", "queued", "failed", "cancelled"],
  planning: ["awaiting-approval", "failed", "cancelled"],
  "awaiting-approval": ["running", "planning", "failed", "cancelled"],
  running: ["awaiting-approval", "done", "failed", "cancelled"],
  done: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: TaskState, to: TaskState): boolean {
  return taskTransitions[from].includes(to);
}

/** Why a task failed, as a code: the Cloud stores no free text about the work. */
export const TaskFailureCode = z.enum([
  "PLAN_REJECTED",
  "PROVIDER_ERROR",
  "KEY_NOT_CONFIGURED",
  "TOOL_ERROR",
  "INTERRUPTED",
  "TIMEOUT",
  "INSTANCE_OFFLINE",
  "OTHER",
]);
export type TaskFailureCode = z.infer<typeof TaskFailureCode>;

/**
 * Coordination fields only. There is deliberately no description, prompt, plan or result field: task content
 * stays on the gateway that runs it.
 */
export const Task = z.object({
  id: TaskId,
  workspaceId: WorkspaceId,
  title: z.string(),
  assigneeAgentId: AgentId.nullable(),
  /**
   * The instance (a gateway of the workspace) that must run it; null: any gateway that runs the agent. A Cloud
   * from before this field sends none: read as null, so a newer gateway or app still reads its tasks.
   */
  instanceId: InstanceId.nullable().default(null),
  state: TaskState,
  failureCode: TaskFailureCode.nullable(),
  createdBy: UserId,
  assignedBy: UserId.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  assignedAt: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  version: z.number().int().positive(),
});
export type Task = z.infer<typeof Task>;

export const CreateTaskRequest = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Assign at creation; the task starts in `assigned`. */
  assigneeAgentId: AgentId.optional(),
  /** Only this instance may take it (needs `assigneeAgentId`); left out, any gateway running the agent may. */
  instanceId: InstanceId.optional(),
});
export type CreateTaskRequest = z.infer<typeof CreateTaskRequest>;

export const AssignTaskRequest = z.strictObject({
  agentId: AgentId,
  /**
   * Only this instance (a gateway of the workspace, not revoked) may take the task; left out, any gateway that
   * runs the agent may. Re-assigning without it clears an earlier choice.
   */
  instanceId: InstanceId.optional(),
});
export type AssignTaskRequest = z.infer<typeof AssignTaskRequest>;

export const TransitionTaskRequest = z.strictObject({
  to: TaskState,
  /** Required when `to` is `failed`. */
  failureCode: TaskFailureCode.optional(),
  /** Optimistic concurrency: fail with CONFLICT when the task moved on. */
  expectedVersion: z.number().int().positive().optional(),
});
export type TransitionTaskRequest = z.infer<typeof TransitionTaskRequest>;

export const TaskList = z.object({ tasks: z.array(Task), nextCursor: z.string().nullable() });
export type TaskList = z.infer<typeof TaskList>;

export const TaskListQuery = z.strictObject({
  state: TaskState.optional(),
  assigneeAgentId: AgentId.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;
