import type { Agent, Task } from "@multiclaw/protocol";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { useAssignTask } from "./task-queries.ts";
import { canAssign } from "./task-states.ts";

/** The task's agent; while no gateway has started it, a select that (re)assigns it. */
export function TaskAgentCell({
  workspaceId,
  task,
  agents,
}: {
  workspaceId: string;
  task: Task;
  agents: readonly Agent[];
}) {
  const assign = useAssignTask(workspaceId);
  const current = agents.find((agent) => agent.id === task.assigneeAgentId);
  if (!canAssign(task.state)) {
    // A removed agent leaves its id on old tasks.
    return <span>{current?.name ?? (task.assigneeAgentId ? "Removed agent" : "—")}</span>;
  }
  const shown = assign.isPending ? assign.variables.agentId : (task.assigneeAgentId ?? "");
  return (
    <div className="flex flex-col gap-1">
      <select
        aria-label={`Agent for ${task.title}`}
        aria-busy={assign.isPending || undefined}
        disabled={assign.isPending || agents.length === 0}
        value={shown}
        onChange={(event) => {
          // Another agent keeps the gateway chosen for the task; the instance column changes that.
          if (event.target.value) {
            assign.mutate({ taskId: task.id, agentId: event.target.value, instanceId: task.instanceId });
          }
        }}
        className="max-w-[12rem] rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {task.assigneeAgentId === null ? <option value="">Assign to…</option> : null}
        {agents.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.name}
          </option>
        ))}
      </select>
      <ErrorNotice error={assign.error} />
    </div>
  );
}
