import type { Instance, Task } from "@multiclaw/protocol";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { ANY_INSTANCE_LABEL, instanceOptionLabel, taskInstanceLabel } from "./instance-labels.ts";
import { useAssignTask } from "./task-queries.ts";
import { canAssign } from "./task-states.ts";

/**
 * The gateway that must run the task; while no gateway has started it (and it has an agent), a select that
 * pins it to one machine or leaves it to any that runs the agent.
 */
export function TaskInstanceCell({
  workspaceId,
  task,
  instances,
}: {
  workspaceId: string;
  task: Task;
  instances: readonly Instance[];
}) {
  const assign = useAssignTask(workspaceId);
  const agentId = task.assigneeAgentId;
  if (agentId === null) return <span className="text-zinc-500">—</span>;
  if (!canAssign(task.state)) return <span>{taskInstanceLabel(instances, task.instanceId)}</span>;
  const shown = assign.isPending ? (assign.variables.instanceId ?? "") : (task.instanceId ?? "");
  const listed = task.instanceId === null || instances.some((instance) => instance.id === task.instanceId);
  return (
    <div className="flex flex-col gap-1">
      <select
        aria-label={`Gateway for ${task.title}`}
        aria-busy={assign.isPending || undefined}
        disabled={assign.isPending}
        value={shown}
        onChange={(event) =>
          assign.mutate({ taskId: task.id, agentId, instanceId: event.target.value || null })
        }
        className="max-w-[12rem] rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        <option value="">{ANY_INSTANCE_LABEL}</option>
        {listed ? null : (
          <option value={task.instanceId ?? ""}>{taskInstanceLabel(instances, task.instanceId)}</option>
        )}
        {instances.map((instance) => (
          <option key={instance.id} value={instance.id}>
            {instanceOptionLabel(instance)}
          </option>
        ))}
      </select>
      <ErrorNotice error={assign.error} />
    </div>
  );
}
