import type { Task, TaskState, TransitionTaskRequest } from "@multiclaw/protocol";
import type { Database } from "../db/connect.ts";
import type { Principal } from "../http/principal.ts";
import {
  addMember,
  type ChangeHarness,
  createChangeHarness,
  insertAgent,
  insertUser,
  insertWorkspace,
  userPrincipal,
} from "../testing/fixtures.ts";
import { createTaskService, type TaskService } from "./task-service.ts";

/* A workspace with an owner, a member and an agent, and tasks walked to any state, for the task tests. */

/** The shortest path from creation to each state, for a task created assigned to an agent. */
const pathTo: Record<TaskState, TaskState[]> = {
  queued: ["queued"],
  assigned: [],
  planning: ["planning"],
  "awaiting-approval": ["planning", "awaiting-approval"],
  running: ["planning", "awaiting-approval", "running"],
  done: ["planning", "awaiting-approval", "running", "done"],
  failed: ["failed"],
  cancelled: ["cancelled"],
};

export interface TaskScenario extends ChangeHarness {
  tasks: TaskService;
  workspaceId: string;
  owner: Principal;
  member: Principal;
  agentId: string;
  /** The member moves the task; moves to failed carry a failure code unless `extra` says otherwise. */
  move(task: Task, to: TaskState, extra?: Partial<TransitionTaskRequest>): Promise<Task>;
  /** A new task, assigned to `agentId` and walked to `state`. */
  taskIn(state: TaskState): Promise<Task>;
}

/** A fresh workspace with an owner, a member and an agent, and a task service on the real change runner. */
export async function createTaskScenario(db: Database): Promise<TaskScenario> {
  const harness = createChangeHarness(db);
  const tasks = createTaskService({ db, runChange: harness.runChange });
  const workspaceId = await insertWorkspace(db);
  const owner = userPrincipal(await insertUser(db));
  const member = userPrincipal(await insertUser(db));
  await addMember(db, workspaceId, owner.userId, "owner");
  await addMember(db, workspaceId, member.userId, "member");
  const agentId = await insertAgent(db, workspaceId, owner.userId);

  const move: TaskScenario["move"] = (task, to, extra = {}) => {
    const failureCode = to === "failed" ? ("TOOL_ERROR" as const) : undefined;
    return tasks.transition(member, workspaceId, task.id, { to, failureCode, ...extra });
  };
  return {
    ...harness,
    tasks,
    workspaceId,
    owner,
    member,
    agentId,
    move,
    async taskIn(state) {
      let task = await tasks.create(owner, workspaceId, {
        title: `A task in ${state}`,
        assigneeAgentId: agentId,
      });
      for (const step of pathTo[state]) task = await move(task, step);
      if (task.state !== state) throw new Error(`could not walk a task to ${state}`);
      return task;
    },
  };
}
