import { type Agent, TaskState } from "@multiclaw/protocol";
import { useId } from "react";
import type { TaskFilters } from "./task-queries.ts";
import { taskStateLooks } from "./task-states.ts";

const selectClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Narrow the list by state and by agent; the Cloud does the filtering, so paging stays right. */
export function TaskFilterBar({
  filters,
  agents,
  onChange,
}: {
  filters: TaskFilters;
  agents: readonly Agent[];
  onChange: (filters: TaskFilters) => void;
}) {
  const stateId = useId();
  const agentId = useId();
  return (
    <fieldset className="flex flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
      <legend className="sr-only">Filters</legend>
      <div className="flex items-center gap-2">
        <label htmlFor={stateId} className="text-sm font-medium">
          State
        </label>
        <select
          id={stateId}
          value={filters.state ?? ""}
          onChange={(event) =>
            onChange({ ...filters, state: (event.target.value || undefined) as TaskState | undefined })
          }
          className={selectClass}
        >
          <option value="">All states</option>
          {TaskState.options.map((state) => (
            <option key={state} value={state}>
              {taskStateLooks[state].label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={agentId} className="text-sm font-medium">
          Agent
        </label>
        <select
          id={agentId}
          value={filters.agentId ?? ""}
          onChange={(event) => onChange({ ...filters, agentId: event.target.value || undefined })}
          className={selectClass}
        >
          <option value="">All agents</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
