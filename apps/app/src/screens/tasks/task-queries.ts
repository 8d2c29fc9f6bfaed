import type { Task, TaskList, TaskState } from "@multiclaw/protocol";
import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { cloud } from "../../api/clients.ts";
import { newIdempotencyKey } from "./task-states.ts";

/*
 * The workspace's tasks from the Cloud. The gateway relays its Cloud event stream to the page and each event
 * patches this cache (live-task-feed.ts); the list is still polled — every 30 s as a safety net while events
 * flow, every 3 s while they do not (live-task-mode.ts). TanStack Query pauses the interval while the page is
 * hidden and refetches when it is shown.
 */

const PAGE_SIZE = 50;

export interface TaskFilters {
  state?: TaskState | undefined;
  agentId?: string | undefined;
}

export const taskKeys = {
  root: ["cloud", "tasks"] as const,
  list: (workspaceId: string, filters: TaskFilters) =>
    [...taskKeys.root, workspaceId, "list", filters.state ?? "all", filters.agentId ?? "all"] as const,
  agents: (workspaceId: string) => [...taskKeys.root, workspaceId, "agents"] as const,
  instances: (workspaceId: string) => [...taskKeys.root, workspaceId, "instances"] as const,
};

export function taskListQuery(workspaceId: string, filters: TaskFilters, refreshMs: number) {
  return infiniteQueryOptions({
    queryKey: taskKeys.list(workspaceId, filters),
    queryFn: ({ signal, pageParam }) =>
      cloud.call("listTasks", {
        params: { workspaceId },
        query: {
          limit: PAGE_SIZE,
          ...(filters.state ? { state: filters.state } : {}),
          ...(filters.agentId ? { assigneeAgentId: filters.agentId } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page: TaskList) => page.nextCursor,
    refetchInterval: refreshMs,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

/** The agents a task can be given to (the Cloud's list: every agent of the workspace). */
export function taskAgentsQuery(workspaceId: string) {
  return queryOptions({
    queryKey: taskKeys.agents(workspaceId),
    queryFn: ({ signal }) => cloud.call("listAgents", { params: { workspaceId }, signal }),
    staleTime: 30_000,
  });
}

/** The gateways a task can be pinned to, with presence; revoked ones are not listed by the Cloud. */
export function taskInstancesQuery(workspaceId: string) {
  return queryOptions({
    queryKey: taskKeys.instances(workspaceId),
    queryFn: ({ signal }) => cloud.call("listInstances", { params: { workspaceId }, signal }),
    staleTime: 15_000,
    refetchInterval: 30_000,
  });
}

/** Puts the Cloud's answer into every cached page that holds the task, before the next poll confirms it. */
function patchTask(queryClient: QueryClient, task: Task) {
  queryClient.setQueriesData<InfiniteData<TaskList>>(
    { queryKey: [...taskKeys.root, task.workspaceId, "list"] },
    (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              tasks: page.tasks.map((t) => (t.id === task.id ? task : t)),
            })),
          }
        : data,
  );
}

function useTaskMutation<Variables>(run: (variables: Variables) => Promise<Task>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (task) => patchTask(queryClient, task),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.root }),
  });
}

/** The caller keeps the idempotency key until the create succeeds, so pressing Create again cannot make two. */
export function useCreateTask(workspaceId: string) {
  return useTaskMutation(
    (input: { title: string; agentId: string | null; instanceId: string | null; idempotencyKey: string }) =>
      cloud.call("createTask", {
        params: { workspaceId },
        body: {
          title: input.title,
          ...(input.agentId ? { assigneeAgentId: input.agentId } : {}),
          ...(input.agentId && input.instanceId ? { instanceId: input.instanceId } : {}),
        },
        idempotencyKey: input.idempotencyKey,
      }),
  );
}

export function useAssignTask(workspaceId: string) {
  return useTaskMutation(
    ({ taskId, agentId, instanceId }: { taskId: string; agentId: string; instanceId: string | null }) =>
      cloud.call("assignTask", {
        params: { workspaceId, taskId },
        body: { agentId, ...(instanceId ? { instanceId } : {}) },
        idempotencyKey: newIdempotencyKey("assign"),
      }),
  );
}

export function useCancelTask(workspaceId: string) {
  return useTaskMutation(({ taskId }: { taskId: string }) =>
    cloud.call("transitionTask", {
      params: { workspaceId, taskId },
      body: { to: "cancelled" },
      idempotencyKey: newIdempotencyKey("cancel"),
    }),
  );
}
