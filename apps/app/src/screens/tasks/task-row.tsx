import type { Agent, Instance, Task } from "@multiclaw/protocol";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { StatusPill } from "../../ui/status-pill.tsx";
import { TaskAgentCell } from "./task-agent-cell.tsx";
import { TaskInstanceCell } from "./task-instance-cell.tsx";
import { useCancelTask } from "./task-queries.ts";
import { canCancel, failureReasons, taskStateLooks } from "./task-states.ts";

/** The columns of a task line on a wide window; on a narrow one the line stacks. */
export const taskColumns =
  "md:grid md:grid-cols-[minmax(0,1fr)_11rem_12rem_12rem_7.5rem_5.5rem] md:items-center md:gap-4";

/**
 * One task: its title, live state (with why it failed), agent and gateway (both assignable while unstarted),
 * age and cancel.
 */
export function TaskRow({
  workspaceId,
  task,
  agents,
  instances,
  now,
}: {
  workspaceId: string;
  task: Task;
  agents: readonly Agent[];
  instances: readonly Instance[];
  now: number;
}) {
  const cancel = useCancelTask(workspaceId);
  const look = taskStateLooks[task.state];
  return (
    <li className={`flex flex-col gap-2 px-4 py-3 text-sm sm:px-6 ${taskColumns}`}>
      <h2 className="font-medium break-words">{task.title}</h2>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 md:block">
        <StatusPill tone={look.tone}>{look.label}</StatusPill>
        {task.state === "failed" && task.failureCode ? (
          <p className="text-xs text-red-700 md:mt-1 dark:text-red-400">{failureReasons[task.failureCode]}</p>
        ) : null}
      </div>
      <div className="flex items-center gap-2 md:block">
        <span className="text-xs text-zinc-600 md:hidden dark:text-zinc-400">Agent</span>
        <TaskAgentCell workspaceId={workspaceId} task={task} agents={agents} />
      </div>
      <div className="flex items-center gap-2 md:block">
        <span className="text-xs text-zinc-600 md:hidden dark:text-zinc-400">Gateway</span>
        <TaskInstanceCell workspaceId={workspaceId} task={task} instances={instances} />
      </div>
      <p className="text-xs text-zinc-600 md:text-sm dark:text-zinc-400">
        <span className="md:sr-only">Updated </span>
        <RelativeTime at={task.updatedAt} now={now} />
      </p>
      <div className="md:text-right">
        {canCancel(task.state) ? (
          <ConfirmButton
            label="Cancel"
            ariaLabel={`Cancel ${task.title}`}
            title={`Cancel "${task.title}"?`}
            confirmLabel="Cancel task"
            variant="secondary"
            onConfirm={() => cancel.mutateAsync({ taskId: task.id })}
          >
            {task.state === "queued" || task.state === "assigned"
              ? "No gateway will pick it up. A cancelled task cannot be restarted; create a new one instead."
              : "The gateway working on it stops. A cancelled task cannot be restarted; create a new one instead."}
          </ConfirmButton>
        ) : null}
      </div>
    </li>
  );
}
