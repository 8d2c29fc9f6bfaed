import type { Agent, Instance, Task } from "@multiclaw/protocol";
import { TaskRow, taskColumns } from "./task-row.tsx";

/** The tasks, newest first: a table-like list on a wide window, stacked lines on a narrow one. */
export function TaskTable({
  workspaceId,
  tasks,
  agents,
  instances,
  now,
}: {
  workspaceId: string;
  tasks: readonly Task[];
  agents: readonly Agent[];
  instances: readonly Instance[];
  now: number;
}) {
  return (
    <div className="border-t border-zinc-200 dark:border-zinc-800">
      <div
        aria-hidden
        className={`hidden bg-zinc-50 px-4 py-2 text-xs font-medium text-zinc-600 sm:px-6 dark:bg-zinc-900 dark:text-zinc-400 ${taskColumns}`}
      >
        <span>Task</span>
        <span>State</span>
        <span>Agent</span>
        <span>Gateway</span>
        <span>Updated</span>
        <span />
      </div>
      <ul aria-label="Tasks, newest first" className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {tasks.map((task) => (
          <TaskRow
            key={task.id}
            workspaceId={workspaceId}
            task={task}
            agents={agents}
            instances={instances}
            now={now}
          />
        ))}
      </ul>
    </div>
  );
}
