import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "../../ui/button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { useNow } from "../../ui/use-now.ts";
import { CreateTaskForm } from "./create-task-form.tsx";
import { refreshIntervalOf } from "./live-task-mode.ts";
import { LiveUpdatesNotice } from "./live-updates-notice.tsx";
import { TaskFilterBar } from "./task-filters.tsx";
import { type TaskFilters, taskAgentsQuery, taskInstancesQuery, taskListQuery } from "./task-queries.ts";
import { TaskTable } from "./task-table.tsx";
import { useLiveTasks } from "./use-live-tasks.ts";

/** The workspace's tasks with their filters, the create form when open, and more pages on request. */
export function TaskListSection({
  workspaceId,
  creating,
  onCreatingChange,
}: {
  workspaceId: string;
  creating: boolean;
  onCreatingChange: (creating: boolean) => void;
}) {
  const [filters, setFilters] = useState<TaskFilters>({});
  const live = useLiveTasks(workspaceId);
  const tasks = useInfiniteQuery(taskListQuery(workspaceId, filters, refreshIntervalOf[live]));
  const agents = useQuery(taskAgentsQuery(workspaceId));
  const instances = useQuery(taskInstancesQuery(workspaceId));
  const instanceList = instances.data?.instances ?? [];
  const now = useNow(15_000);
  const agentList = agents.data?.agents ?? [];
  const rows = tasks.data?.pages.flatMap((page) => page.tasks) ?? [];
  const filtered = filters.state !== undefined || filters.agentId !== undefined;
  return (
    <>
      {creating ? (
        <CreateTaskForm
          workspaceId={workspaceId}
          agents={agentList}
          instances={instanceList}
          onDone={() => onCreatingChange(false)}
        />
      ) : null}
      <TaskFilterBar filters={filters} agents={agentList} onChange={setFilters} />
      <LiveUpdatesNotice mode={live} />
      <ErrorNotice error={tasks.error ?? agents.error} className="mx-4 mb-3 sm:mx-6" />
      {tasks.isPending ? (
        <p role="status" className="px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">
          Loading tasks…
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No task matches" : "No tasks yet"}>
          {filtered ? (
            "No task in this workspace matches these filters."
          ) : (
            <>
              A task is work for an agent, picked up by a gateway that runs it.{" "}
              {!creating ? (
                <Button variant="primary" className="mt-3" onClick={() => onCreatingChange(true)}>
                  Create a task
                </Button>
              ) : null}
            </>
          )}
        </EmptyState>
      ) : (
        <TaskTable
          workspaceId={workspaceId}
          tasks={rows}
          agents={agentList}
          instances={instanceList}
          now={now}
        />
      )}
      {tasks.hasNextPage ? (
        <div className="flex justify-center py-4">
          <Button busy={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
            Show older tasks
          </Button>
        </div>
      ) : null}
    </>
  );
}
