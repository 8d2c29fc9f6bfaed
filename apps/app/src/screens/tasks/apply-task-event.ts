import type { Task, TaskList } from "@multiclaw/protocol";
import type { InfiniteData } from "@tanstack/react-query";

/** What a cached list is filtered by, as its query key holds it ("all" for no filter). */
export interface ListFilter {
  state: string;
  agentId: string;
}

export interface AppliedTaskEvent {
  data: InfiniteData<TaskList>;
  /** The task belongs in this list but is not in its pages (new, or newly matching): fetch the list again. */
  refetch: boolean;
}

function matches(task: Task, filter: ListFilter): boolean {
  return (
    (filter.state === "all" || task.state === filter.state) &&
    (filter.agentId === "all" || task.assigneeAgentId === filter.agentId)
  );
}

/**
 * One cached list with a task from the live feed put in. A copy at or past the event's version is kept (a poll
 * may have brought a newer one first); a task that no longer matches the list's filters leaves it; one that
 * matches but is not there — a new task — is left to a refetch, since only the Cloud knows its page.
 *
 * @example applyTaskEvent(cached, { state: "all", agentId: "all" }, task).refetch // true for a new task
 */
export function applyTaskEvent(
  data: InfiniteData<TaskList>,
  filter: ListFilter,
  task: Task,
): AppliedTaskEvent {
  const held = data.pages.flatMap((page) => page.tasks).find((candidate) => candidate.id === task.id);
  const belongs = matches(task, filter);
  if (!held) return { data, refetch: belongs };
  if (held.version >= task.version) return { data, refetch: false };
  return {
    data: {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        tasks: belongs
          ? page.tasks.map((candidate) => (candidate.id === task.id ? task : candidate))
          : page.tasks.filter((candidate) => candidate.id !== task.id),
      })),
    },
    refetch: false,
  };
}
