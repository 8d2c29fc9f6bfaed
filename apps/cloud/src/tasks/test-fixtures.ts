import {
  EventFrame,
  type Role,
  type Task,
  type TaskState,
  type TransitionTaskRequest,
} from "@multiclaw/protocol";
import { Hono } from "hono";
import { pino } from "pino";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError, isCloudError } from "../errors.ts";
import { createChangeRunner, type RunChange } from "../events/emit.ts";
import type { Fanout, FanoutMessage } from "../events/fanout.ts";
import { createRouteBinder, type RouteBinder } from "../http/bind-routes.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { problemFor, problemResponse } from "../http/problem.ts";
import { newId } from "../ids.ts";
import { createTaskService, type TaskService } from "./task-service.ts";

/*
 * Test helpers for the task tests: rows inserted directly (the workspace and agent services are written
 * elsewhere), a clock the test moves, a fan-out that records what was published, and a Hono app with the real
 * route binder. The instance tests use them too.
 */

export const silentLogger = pino({ level: "silent" });

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** Starts at a fixed instant and moves only when told to. */
export function createManualClock(start = new Date("2030-01-01T00:00:00.000Z")): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

export interface RecordingFanout extends Fanout {
  published: FanoutMessage[];
}

export function createRecordingFanout(): RecordingFanout {
  const published: FanoutMessage[] = [];
  const handlers = new Set<(message: FanoutMessage) => void>();
  return {
    published,
    async publish(message) {
      published.push(message);
      for (const handler of handlers) handler(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    isHealthy: async () => true,
    close: async () => handlers.clear(),
  };
}

/** The event frames published so far, in publish order, parsed with the wire schema (so they must be valid). */
export function publishedFrames(fanout: RecordingFanout): EventFrame[] {
  return fanout.published.flatMap((message) =>
    message.kind === "event" ? [EventFrame.parse(JSON.parse(message.frame))] : [],
  );
}

export function userPrincipal(userId: string): Principal {
  return { userId, familyId: `fam-${userId}`, instanceId: null, instanceWorkspaceId: null };
}

export async function insertUser(db: Database): Promise<string> {
  const id = newId("user");
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.test`, name: "Test User", password_hash: "not-a-real-hash" })
    .execute();
  return id;
}

export async function insertWorkspace(db: Database): Promise<string> {
  const id = newId("workspace");
  await db.insertInto("workspaces").values({ id, name: "Test workspace" }).execute();
  return id;
}

export async function addMember(
  db: Database,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db.insertInto("memberships").values({ workspace_id: workspaceId, user_id: userId, role }).execute();
}

export async function insertAgent(db: Database, workspaceId: string, createdBy: string): Promise<string> {
  const id = newId("agent");
  await db
    .insertInto("agents")
    .values({
      id,
      workspace_id: workspaceId,
      name: "Ops agent",
      instructions: "",
      provider: "anthropic",
      model: "claude-test",
      tool_policy: JSON.stringify({ requireApproval: [], deny: [] }),
      mcp_servers: JSON.stringify({}),
      revision: 1,
      created_by: createdBy,
      updated_at: new Date(),
    })
    .execute();
  return id;
}

export interface ChangeHarness {
  clock: ManualClock;
  fanout: RecordingFanout;
  runChange: RunChange;
}

/** The real change runner over a manual clock and a recording fan-out. */
export function createChangeHarness(db: Database): ChangeHarness {
  const clock = createManualClock();
  const fanout = createRecordingFanout();
  return { clock, fanout, runChange: createChangeRunner({ db, fanout, clock, logger: silentLogger }) };
}

/** An authenticator backed by a fixed table of bearer token → principal. */
export function tokenTable(tokens: Map<string, Principal>): Authenticator {
  return {
    async authenticate(token) {
      const principal = tokens.get(token);
      if (!principal) throw new CloudError("AUTH_INVALID");
      return principal;
    },
  };
}

/** A Hono app with the real route binder; errors become problem documents the way the server's edge does it. */
export function createTestApp(
  db: Database,
  authenticator: Authenticator,
  register: (binder: RouteBinder) => void,
): Hono {
  const app = new Hono();
  app.onError((error) =>
    isCloudError(error) ? problemResponse(error) : problemFor("INTERNAL", String(error)),
  );
  register(
    createRouteBinder({ app, db, authenticator, rateLimit: async () => {}, clientIp: () => "127.0.0.1" }),
  );
  return app;
}

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
