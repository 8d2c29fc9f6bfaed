import {
  type AssignTaskRequest,
  type CreateTaskRequest,
  canTransition,
  type Task,
  type TaskList,
  type TaskListQuery,
  type TaskState,
  type TransitionTaskRequest,
  taskTransitions,
} from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase, TaskRow } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { requireMembership } from "../workspaces/access.ts";
import { decodeTaskCursor, encodeTaskCursor } from "./task-cursor.ts";
import { toTaskDto } from "./task-dto.ts";

export interface TaskServiceDeps {
  db: Database;
  /** Timestamps of a write come from the change's `now`, so a row and its event carry the same instant. */
  runChange: RunChange;
}

/**
 * Task coordination: who works on what and in which state. Who may act: any member of the workspace may
 * create, assign and move a task — a gateway moves tasks as its user (through its instance token), and a
 * teammate may cancel or re-assign work; roles only matter for workspace settings, not for tasks.
 *
 * Writes return exactly what their change transaction returned, so idempotent routes can replay it.
 */
export interface TaskService {
  create(principal: Principal, workspaceId: string, request: CreateTaskRequest): Promise<Task>;
  assign(
    principal: Principal,
    workspaceId: string,
    taskId: string,
    request: AssignTaskRequest,
  ): Promise<Task>;
  transition(
    principal: Principal,
    workspaceId: string,
    taskId: string,
    request: TransitionTaskRequest,
  ): Promise<Task>;
  get(principal: Principal, workspaceId: string, taskId: string): Promise<Task>;
  /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
  list(principal: Principal, workspaceId: string, query: TaskListQuery): Promise<TaskList>;
}

type Tx = Transaction<CloudDatabase>;

const reassignable: readonly TaskState[] = ["queued", "assigned"];

function isFinal(state: TaskState): boolean {
  return taskTransitions[state].length === 0;
}

function invalidTransition(from: TaskState, to: TaskState): CloudError {
  const allowed = taskTransitions[from];
  const next = allowed.length === 0 ? `${from} is final` : `from ${from} it may go to ${allowed.join(", ")}`;
  return new CloudError("INVALID_TRANSITION", `A task cannot move from ${from} to ${to}; ${next}`);
}

/**
 * The task, locked until the change commits: concurrent writes to one task run one after the other, and the
 * later one sees the state the earlier one left. Updates also check the version they read, so a write that
 * somehow ran without the lock still cannot overwrite a move it did not see.
 */
async function lockTask(tx: Tx, workspaceId: string, taskId: string): Promise<TaskRow> {
  const row = await tx
    .selectFrom("tasks")
    .selectAll()
    .where("id", "=", taskId)
    .where("workspace_id", "=", workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound("task");
  return row;
}

/** The agent must be in this workspace; the share lock keeps it from being deleted before we commit. */
async function requireAgent(tx: Tx, workspaceId: string, agentId: string): Promise<void> {
  const agent = await tx
    .selectFrom("agents")
    .select("id")
    .where("id", "=", agentId)
    .where("workspace_id", "=", workspaceId)
    .forShare()
    .executeTakeFirst();
  if (!agent) throw notFound("agent");
}

/**
 * The instance must be a gateway of this workspace that still holds its credential: a revoked one would never
 * take the task. The share lock keeps a revoke from landing between this check and the commit.
 */
async function requireInstance(tx: Tx, workspaceId: string, instanceId: string): Promise<void> {
  const instance = await tx
    .selectFrom("instances")
    .select("revoked_at")
    .where("id", "=", instanceId)
    .where("workspace_id", "=", workspaceId)
    .forShare()
    .executeTakeFirst();
  if (!instance) throw notFound("instance");
  if (instance.revoked_at !== null) {
    const message = "that instance was revoked and can no longer run tasks; pick another or leave it to any";
    throw new CloudError("VALIDATION_FAILED", `Invalid body: instanceId: ${message}`, {
      fieldProblems: [{ path: "instanceId", message }],
    });
  }
}

function instanceWithoutAgent(): CloudError {
  const message = "an instance can only be chosen together with assigneeAgentId";
  return new CloudError("VALIDATION_FAILED", `Invalid body: instanceId: ${message}`, {
    fieldProblems: [{ path: "instanceId", message }],
  });
}

function movedOn(): CloudError {
  return new CloudError("CONFLICT", "The task changed while this request ran; reload it and try again");
}

function checkFailureCode(request: TransitionTaskRequest): void {
  if (request.to === "failed" && request.failureCode === undefined) {
    throw new CloudError("VALIDATION_FAILED", "Invalid body: failureCode: required when `to` is failed", {
      fieldProblems: [{ path: "failureCode", message: "required when `to` is failed" }],
    });
  }
  if (request.to !== "failed" && request.failureCode !== undefined) {
    throw new CloudError("VALIDATION_FAILED", "Invalid body: failureCode: only allowed when `to` is failed", {
      fieldProblems: [{ path: "failureCode", message: "only allowed when `to` is failed" }],
    });
  }
}

/**
 * @example
 * const tasks = createTaskService({ db, runChange });
 * const task = await tasks.create(principal, workspaceId, { title: "Renew the TLS certificate" });
 */
export function createTaskService(deps: TaskServiceDeps): TaskService {
  const { db, runChange } = deps;

  return {
    create(principal, workspaceId, request) {
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId);
        const agentId = request.assigneeAgentId ?? null;
        const instanceId = request.instanceId ?? null;
        if (instanceId !== null && agentId === null) throw instanceWithoutAgent();
        if (agentId !== null) await requireAgent(change.tx, workspaceId, agentId);
        if (instanceId !== null) await requireInstance(change.tx, workspaceId, instanceId);
        const row = await change.tx
          .insertInto("tasks")
          .values({
            id: newId("task"),
            workspace_id: workspaceId,
            title: request.title,
            assignee_agent_id: agentId,
            instance_id: instanceId,
            state: agentId === null ? "queued" : "assigned",
            failure_code: null,
            created_by: principal.userId,
            assigned_by: agentId === null ? null : principal.userId,
            created_at: change.now,
            updated_at: change.now,
            assigned_at: agentId === null ? null : change.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const task = toTaskDto(row);
        // An assigned task is news for the gateway that owns the agent; an unassigned one only for the list.
        await change.emit(workspaceId, { name: agentId === null ? "task-updated" : "task-assigned", task });
        return task;
      });
    },

    assign(principal, workspaceId, taskId, request) {
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId);
        const current = await lockTask(change.tx, workspaceId, taskId);
        const from = current.state as TaskState;
        if (!reassignable.includes(from)) {
          throw new CloudError(
            "INVALID_TRANSITION",
            `A task cannot be assigned while it is ${from}; only queued or assigned tasks can be (re)assigned`,
          );
        }
        await requireAgent(change.tx, workspaceId, request.agentId);
        const instanceId = request.instanceId ?? null;
        if (instanceId !== null) await requireInstance(change.tx, workspaceId, instanceId);
        const row = await change.tx
          .updateTable("tasks")
          .set({
            assignee_agent_id: request.agentId,
            instance_id: instanceId,
            state: "assigned",
            assigned_by: principal.userId,
            assigned_at: change.now,
            updated_at: change.now,
            version: current.version + 1,
          })
          .where("id", "=", taskId)
          .where("version", "=", current.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw movedOn();
        const task = toTaskDto(row);
        await change.emit(workspaceId, { name: "task-assigned", task });
        return task;
      });
    },

    async transition(principal, workspaceId, taskId, request) {
      checkFailureCode(request);
      const { to, expectedVersion } = request;
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId);
        const current = await lockTask(change.tx, workspaceId, taskId);
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new CloudError(
            "CONFLICT",
            `The task is at version ${current.version}, not ${expectedVersion}; reload it and try again`,
          );
        }
        const from = current.state as TaskState;
        if (!canTransition(from, to)) throw invalidTransition(from, to);
        if (to === "assigned" && current.assignee_agent_id === null) {
          throw new CloudError(
            "INVALID_TRANSITION",
            "A task with no assignee cannot move from queued to assigned; assign it to an agent instead",
          );
        }
        const row = await change.tx
          .updateTable("tasks")
          .set({
            state: to,
            failure_code: to === "failed" ? (request.failureCode ?? null) : null,
            updated_at: change.now,
            // The first time it runs; going back to awaiting-approval and on does not restart the clock.
            started_at: to === "running" && current.started_at === null ? change.now : current.started_at,
            finished_at: isFinal(to) ? change.now : null,
            version: current.version + 1,
          })
          .where("id", "=", taskId)
          .where("version", "=", current.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw movedOn();
        const task = toTaskDto(row);
        await change.emit(workspaceId, { name: "task-updated", task });
        return task;
      });
    },

    async get(principal, workspaceId, taskId) {
      await requireMembership(db, principal, workspaceId);
      const row = await db
        .selectFrom("tasks")
        .selectAll()
        .where("id", "=", taskId)
        .where("workspace_id", "=", workspaceId)
        .executeTakeFirst();
      if (!row) throw notFound("task");
      return toTaskDto(row);
    },

    async list(principal, workspaceId, query) {
      await requireMembership(db, principal, workspaceId);
      const after = query.cursor === undefined ? null : decodeTaskCursor(query.cursor);
      let select = db.selectFrom("tasks").selectAll().where("workspace_id", "=", workspaceId);
      if (query.state !== undefined) select = select.where("state", "=", query.state);
      if (query.assigneeAgentId !== undefined) {
        select = select.where("assignee_agent_id", "=", query.assigneeAgentId);
      }
      if (after !== null) {
        select = select.where((eb) =>
          eb(eb.refTuple("created_at", "id"), "<", eb.tuple(after.createdAt, after.id)),
        );
      }
      // One extra row tells whether another page exists without a count query.
      const rows = await select
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? encodeTaskCursor({ createdAt: last.created_at, id: last.id })
          : null;
      return { tasks: page.map(toTaskDto), nextCursor };
    },
  };
}
