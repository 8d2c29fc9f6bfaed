import type { Task, TaskFailureCode, TaskState } from "@multiclaw/protocol";
import type { TaskRow } from "../db/schema.ts";

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/**
 * A task row as the wire sees it. The row holds only coordination fields, so this is the whole task.
 *
 * @example toTaskDto(row).state // "assigned"
 */
export function toTaskDto(row: TaskRow): Task {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title: row.title,
    assigneeAgentId: row.assignee_agent_id,
    instanceId: row.instance_id,
    // The column is plain text; only this module writes it, always with a TaskState / TaskFailureCode.
    state: row.state as TaskState,
    failureCode: row.failure_code as TaskFailureCode | null,
    createdBy: row.created_by,
    assignedBy: row.assigned_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    assignedAt: iso(row.assigned_at),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    version: row.version,
  };
}
