import { IDEMPOTENCY_HEADER, ProblemSchema, Task, TaskList } from "@multiclaw/protocol";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "../http/principal.ts";
import {
  addMember,
  type ChangeHarness,
  createChangeHarness,
  createTestApp,
  insertAgent,
  insertUser,
  insertWorkspace,
  publishedFrames,
  tokenTable,
  userPrincipal,
} from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { registerTaskRoutes } from "./task-routes.ts";
import { createTaskService } from "./task-service.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let harness: ChangeHarness;
let app: Hono;
let workspaceId: string;
let otherWorkspaceId: string;
let agentId: string;

beforeEach(async () => {
  harness = createChangeHarness(test.db);
  const tasks = createTaskService({ db: test.db, runChange: harness.runChange });
  workspaceId = await insertWorkspace(test.db);
  otherWorkspaceId = await insertWorkspace(test.db);
  const memberId = await insertUser(test.db);
  const outsiderId = await insertUser(test.db);
  await addMember(test.db, workspaceId, memberId, "member");
  await addMember(test.db, otherWorkspaceId, outsiderId, "owner");
  agentId = await insertAgent(test.db, workspaceId, memberId);
  const tokens = new Map<string, Principal>([
    ["member-token", userPrincipal(memberId)],
    ["outsider-token", userPrincipal(outsiderId)],
  ]);
  app = createTestApp(test.db, tokenTable(tokens), (binder) => registerTaskRoutes(binder, tasks));
});

interface CallOptions {
  token?: string;
  body?: unknown;
  key?: string;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${options.token ?? "member-token"}` });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.key !== undefined) headers.set(IDEMPOTENCY_HEADER, options.key);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return app.request(path, { method, headers, body });
}

const tasksPath = () => `/v1/workspaces/${workspaceId}/tasks`;

async function createTask(title: string, key = `create-${title.replaceAll(" ", "-")}`): Promise<Task> {
  const response = await call("POST", tasksPath(), { body: { title }, key });
  expect(response.status).toBe(201);
  return Task.parse(await response.json());
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return ProblemSchema.parse(await response.json());
}

async function taskCount(): Promise<number> {
  const rows = await test.db
    .selectFrom("tasks")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .execute();
  return rows.length;
}

describe("task routes: idempotency", () => {
  it("creates a task once for a retried Idempotency-Key and replays the first answer", async () => {
    const first = await call("POST", tasksPath(), { body: { title: "Rotate keys" }, key: "create-0001" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = await first.json();

    harness.clock.advance(60_000);
    const retry = await call("POST", tasksPath(), { body: { title: "Rotate keys" }, key: "create-0001" });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(firstBody);

    expect(await taskCount()).toBe(1);
    expect(publishedFrames(harness.fanout)).toHaveLength(1);
  });

  it("refuses a key reused for a different request with IDEMPOTENCY_MISMATCH", async () => {
    await createTask("Rotate keys", "create-0002");
    const other = await call("POST", tasksPath(), { body: { title: "Something else" }, key: "create-0002" });
    expect(other.status).toBe(422);
    expect((await problemOf(other)).code).toBe("IDEMPOTENCY_MISMATCH");
    expect(await taskCount()).toBe(1);
  });

  it("gives simultaneous twins with one key a single task and the same answer", async () => {
    const twins = await Promise.all(
      [1, 2, 3].map(() => call("POST", tasksPath(), { body: { title: "Twin" }, key: "create-twin-01" })),
    );
    expect(twins.map((response) => response.status)).toEqual([201, 201, 201]);
    const bodies = await Promise.all(twins.map(async (response) => Task.parse(await response.json())));
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(await taskCount()).toBe(1);
    expect(publishedFrames(harness.fanout)).toHaveLength(1);
  });

  it("replays a retried transition instead of refusing it as a move from the new state", async () => {
    const task = await createTask("Deploy");
    const assign = await call("POST", `${tasksPath()}/${task.id}/assign`, { body: { agentId } });
    expect(assign.status).toBe(200);
    const path = `${tasksPath()}/${task.id}/transitions`;

    const moved = await call("POST", path, { body: { to: "planning" }, key: "move-0001" });
    expect(moved.status).toBe(200);
    const movedBody = Task.parse(await moved.json());
    expect(movedBody).toMatchObject({ state: "planning", version: 3 });

    const retry = await call("POST", path, { body: { to: "planning" }, key: "move-0001" });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(movedBody);
    expect(publishedFrames(harness.fanout).map((frame) => frame.event.name)).toEqual([
      "task-updated",
      "task-assigned",
      "task-updated",
    ]);

    // The same move under a new key is a new request, and planning → planning is not a move.
    const fresh = await call("POST", path, { body: { to: "planning" }, key: "move-0002" });
    expect(fresh.status).toBe(409);
    expect((await problemOf(fresh)).code).toBe("INVALID_TRANSITION");
  });

  it("requires an Idempotency-Key to create or move a task", async () => {
    const create = await call("POST", tasksPath(), { body: { title: "No key" } });
    expect(create.status).toBe(400);
    expect((await problemOf(create)).code).toBe("VALIDATION_FAILED");
    const task = await createTask("Keyed");
    const move = await call("POST", `${tasksPath()}/${task.id}/transitions`, { body: { to: "cancelled" } });
    expect(move.status).toBe(400);
    expect(await taskCount()).toBe(1);
  });
});

describe("task routes: coordination fields only", () => {
  it("refuses task content: unknown fields such as description are VALIDATION_FAILED", async () => {
    for (const extra of [
      { description: "the secret plan" },
      { prompt: "do the thing" },
      { result: "done" },
    ]) {
      const response = await call("POST", tasksPath(), {
        body: { title: "With content", ...extra },
        key: `content-${Object.keys(extra)[0]}`,
      });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors?.[0]?.message).toContain(Object.keys(extra)[0]);
    }
    expect(await taskCount()).toBe(0);
  });

  it("answers exactly the Task schema's fields", async () => {
    const task = await createTask("Only coordination");
    const response = await call("GET", `${tasksPath()}/${task.id}`);
    expect(response.status).toBe(200);
    expect(Object.keys((await response.json()) as object).sort()).toEqual(Object.keys(Task.shape).sort());
  });

  it("refuses to fail a task without a failure code", async () => {
    const task = await createTask("Doomed");
    const response = await call("POST", `${tasksPath()}/${task.id}/transitions`, {
      body: { to: "cancelled", failureCode: "TIMEOUT" },
      key: "fail-without-0001",
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { path: "failureCode", message: "only allowed when `to` is failed" },
    ]);
  });
});

describe("task routes: access", () => {
  it("answers a non-member 404 for another workspace's task, exactly as for a task that does not exist", async () => {
    const task = await createTask("Private");
    const missing = "tsk_01jc0000000000000000000000";

    const probe = async (path: string) => {
      const response = await call("GET", path, { token: "outsider-token" });
      return { status: response.status, body: await response.json() };
    };
    const existing = await probe(`${tasksPath()}/${task.id}`);
    expect(existing.status).toBe(404);
    expect(existing).toEqual(await probe(`${tasksPath()}/${missing}`));
    // Through the outsider's own workspace, the foreign task looks like any unknown task id.
    const ownWorkspace = `/v1/workspaces/${otherWorkspaceId}/tasks`;
    const viaOwn = await probe(`${ownWorkspace}/${task.id}`);
    expect(viaOwn.status).toBe(404);
    expect(viaOwn).toEqual(await probe(`${ownWorkspace}/${missing}`));

    const move = await call("POST", `${tasksPath()}/${task.id}/transitions`, {
      token: "outsider-token",
      body: { to: "cancelled" },
      key: "outsider-0001",
    });
    expect(move.status).toBe(404);
    expect((await call("GET", `${tasksPath()}/${task.id}`)).status).toBe(200);
  });

  it("asks for a token", async () => {
    const response = await app.request(tasksPath());
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe("AUTH_REQUIRED");
  });
});

describe("task routes: list", () => {
  it("pages through the list with limit and cursor query parameters", async () => {
    const created: Task[] = [];
    for (let index = 0; index < 5; index += 1) {
      harness.clock.advance(1_000);
      created.push(await createTask(`Task ${index}`));
    }
    const ids: string[] = [];
    let query = "?limit=2";
    for (;;) {
      const response = await call("GET", `${tasksPath()}${query}`);
      expect(response.status).toBe(200);
      const page = TaskList.parse(await response.json());
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      ids.push(...page.tasks.map((task) => task.id));
      if (page.nextCursor === null) break;
      query = `?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(ids).toEqual(created.toReversed().map((task) => task.id));

    const filtered = await call("GET", `${tasksPath()}?state=done`);
    expect(TaskList.parse(await filtered.json())).toEqual({ tasks: [], nextCursor: null });
    const badLimit = await call("GET", `${tasksPath()}?limit=0`);
    expect(badLimit.status).toBe(400);
  });
});
