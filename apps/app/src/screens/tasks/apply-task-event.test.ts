import type { Task, TaskList } from "@multiclaw/protocol";
import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyTaskEvent } from "./apply-task-event.ts";

const base: Task = {
  id: "tsk_01jc0000000000000000000000",
  workspaceId: "ws_01jc0000000000000000000000",
  title: "Renew the certificate",
  assigneeAgentId: "agt_01jc0000000000000000000000",
  instanceId: null,
  state: "assigned",
  failureCode: null,
  createdBy: "usr_01jc0000000000000000000000",
  assignedBy: "usr_01jc0000000000000000000000",
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  assignedAt: "2030-01-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  version: 2,
};
const other: Task = { ...base, id: "tsk_01jc0000000000000000000001", title: "Another" };

function pages(...lists: Task[][]): InfiniteData<TaskList> {
  return {
    pages: lists.map((tasks, index) => ({
      tasks,
      nextCursor: index < lists.length - 1 ? `c${index}` : null,
    })),
    pageParams: lists.map((_, index) => (index === 0 ? null : `c${index - 1}`)),
  };
}
const everything = { state: "all", agentId: "all" };

describe("a live task event in the cached lists", () => {
  it("replaces the task where it is, on whichever page", () => {
    const planning = { ...base, state: "planning" as const, version: 3 };
    const applied = applyTaskEvent(pages([other], [base]), everything, planning);
    expect(applied).toEqual({ data: pages([other], [planning]), refetch: false });
  });

  it("keeps a copy that is as new or newer than the event (a poll got there first)", () => {
    const cached = pages([{ ...base, state: "running", version: 5 }]);
    const applied = applyTaskEvent(cached, everything, { ...base, state: "planning", version: 3 });
    expect(applied.data).toBe(cached);
    expect(applied.refetch).toBe(false);
  });

  it("takes the task out of a list whose filter it no longer matches", () => {
    const applied = applyTaskEvent(
      pages([base, other]),
      { state: "assigned", agentId: "all" },
      {
        ...base,
        state: "planning",
        version: 3,
      },
    );
    expect(applied.data.pages[0]?.tasks).toEqual([other]);
  });

  it("asks for a refetch for a task the list lacks but should show, and not for one it should not", () => {
    const cached = pages([other]);
    const fresh = { ...base, id: "tsk_01jc0000000000000000000009", version: 1 };
    expect(applyTaskEvent(cached, everything, fresh)).toEqual({ data: cached, refetch: true });
    expect(applyTaskEvent(cached, { state: "done", agentId: "all" }, fresh).refetch).toBe(false);
    expect(
      applyTaskEvent(cached, { state: "all", agentId: "agt_01jc0000000000000000000005" }, fresh).refetch,
    ).toBe(false);
  });
});
