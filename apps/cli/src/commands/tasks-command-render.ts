import type { Agent, Instance, Task, TaskState } from "@multiclaw/protocol";
import pc from "picocolors";
import { formatAgo } from "../connections/render-connections.ts";
import type { MemberNames } from "../workspace/member-names.ts";
import { renderTable } from "../workspace/workspace-table.ts";

/** How tasks read in a terminal: state in words (and colour on a terminal), the agent by name. */

const stateColour: Partial<Record<TaskState, (text: string) => string>> = {
  running: pc.green,
  planning: pc.green,
  "awaiting-approval": pc.yellow,
  failed: pc.red,
  done: pc.dim,
  cancelled: pc.dim,
};

export function describeTaskState(task: Pick<Task, "state" | "failureCode">): string {
  return task.state === "failed" && task.failureCode ? `failed (${task.failureCode})` : task.state;
}

export function agentNameOf(agents: readonly Agent[]): (agentId: string | null) => string {
  const byId = new Map(agents.map((agent) => [agent.id, agent.name]));
  // A removed agent leaves its id on old tasks.
  return (agentId) => (agentId === null ? "-" : (byId.get(agentId) ?? agentId));
}

/** The gateway a task is pinned to, by name; "any" when any gateway running the agent may take it. */
export function instanceNameOf(instances: readonly Instance[]): (instanceId: string | null) => string {
  const byId = new Map(instances.map((instance) => [instance.id, instance.name]));
  return (instanceId) => (instanceId === null ? "any" : (byId.get(instanceId) ?? instanceId));
}

export function renderTasks(
  tasks: readonly Task[],
  options: {
    colour: boolean;
    now: number;
    agentName: (agentId: string | null) => string;
    instanceName: (instanceId: string | null) => string;
    personName: MemberNames;
  },
): string {
  if (tasks.length === 0)
    return 'No tasks. Create one with `multiclaw tasks create "<title>" --agent <agent>`.';
  return renderTable(
    ["ID", "TITLE", "STATE", "AGENT", "INSTANCE", "CREATED BY", "UPDATED"],
    tasks.map((task) => {
      const state = describeTaskState(task);
      const colour = options.colour ? stateColour[task.state] : undefined;
      return [
        task.id,
        task.title,
        colour ? colour(state) : state,
        options.agentName(task.assigneeAgentId),
        // An unassigned task runs nowhere yet; "any" would suggest it is waiting for a gateway.
        task.assigneeAgentId === null ? "-" : options.instanceName(task.instanceId),
        options.personName(task.createdBy),
        formatAgo(task.updatedAt, options.now),
      ];
    }),
    { colour: options.colour },
  );
}
