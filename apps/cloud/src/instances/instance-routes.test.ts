import { HeartbeatResponse, InstanceList, ProblemSchema, type SessionTokens } from "@multiclaw/protocol";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSessionService, type SessionService } from "../auth/sessions.ts";
import type { ChangeHarness } from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { registerInstanceRoutes } from "./instance-routes.ts";
import { createPresenceService } from "./presence-service.ts";
import {
  addMember,
  createChangeHarness,
  createTestApp,
  insertInstance,
  insertUser,
  insertWorkspace,
  silentLogger,
} from "./test-fixtures.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let harness: ChangeHarness;
let sessions: SessionService;
let app: Hono;
let workspaceId: string;
let userId: string;
let teammateId: string;

beforeEach(async () => {
  harness = createChangeHarness(test.db);
  sessions = createSessionService({
    db: test.db,
    runChange: harness.runChange,
    clock: harness.clock,
    settings: { accessTokenTtlSeconds: 900, refreshTokenTtlDays: 60 },
  });
  const presence = createPresenceService({
    db: test.db,
    runChange: harness.runChange,
    clock: harness.clock,
    heartbeatIntervalMs: 15_000,
    logger: silentLogger,
  });
  app = createTestApp(test.db, sessions, (binder) => registerInstanceRoutes(binder, presence));
  workspaceId = await insertWorkspace(test.db);
  userId = await insertUser(test.db);
  teammateId = await insertUser(test.db);
  await addMember(test.db, workspaceId, userId, "member");
  await addMember(test.db, workspaceId, teammateId, "member");
});

function session(user: string, instanceId: string | null): Promise<SessionTokens> {
  return test.db.transaction().execute((tx) => sessions.startSession(tx, user, instanceId));
}

async function device() {
  const instanceId = await insertInstance(test.db, { workspaceId, userId });
  return { instanceId, token: (await session(userId, instanceId)).accessToken };
}

async function call(method: string, path: string, token: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const instancePath = (instanceId: string) => `/v1/workspaces/${workspaceId}/instances/${instanceId}`;

async function codeOf(response: Response): Promise<string> {
  return ProblemSchema.parse(await response.json()).code;
}

describe("instance routes", () => {
  it("answers an instance's heartbeat with its presence and the server's pace", async () => {
    const { instanceId, token } = await device();
    const response = await call("POST", `${instancePath(instanceId)}/heartbeat`, token, {
      configRevision: 0,
    });
    expect(response.status).toBe(200);
    expect(HeartbeatResponse.parse(await response.json())).toEqual({
      presence: "connected",
      heartbeatIntervalMs: 15_000,
      configRevision: 0,
    });
  });

  it("takes heartbeats only from the instance itself", async () => {
    const { instanceId, token } = await device();
    const other = await device();
    const appSession = await session(userId, null);

    const fromApp = await call("POST", `${instancePath(instanceId)}/heartbeat`, appSession.accessToken, {});
    expect(fromApp.status).toBe(403);
    expect(await codeOf(fromApp)).toBe("FORBIDDEN");
    const fromSibling = await call("POST", `${instancePath(instanceId)}/heartbeat`, other.token, {});
    expect(fromSibling.status).toBe(404);
    const unknownField = await call("POST", `${instancePath(instanceId)}/heartbeat`, token, { cpu: 0.5 });
    expect(unknownField.status).toBe(400);
    expect(await codeOf(unknownField)).toBe("VALIDATION_FAILED");
  });

  it("shows teammates an instance's presence", async () => {
    const { instanceId, token } = await device();
    await call("POST", `${instancePath(instanceId)}/heartbeat`, token, {});
    const teammate = await session(teammateId, null);
    const response = await call("GET", `/v1/workspaces/${workspaceId}/instances`, teammate.accessToken);
    expect(response.status).toBe(200);
    expect(InstanceList.parse(await response.json()).instances).toMatchObject([
      { id: instanceId, userId, presence: "connected", lastSeenAt: harness.clock.now().toISOString() },
    ]);
  });

  it("revokes an instance: 204, its connections are closed and its token stops working", async () => {
    const { instanceId, token } = await device();
    const owner = await session(userId, null);
    const response = await call("DELETE", instancePath(instanceId), owner.accessToken);
    expect(response.status).toBe(204);
    expect(harness.fanout.published).toContainEqual({ kind: "close-instance", instanceId });

    const afterwards = await call("POST", `${instancePath(instanceId)}/heartbeat`, token, {});
    expect(afterwards.status).toBe(401);
    expect(await codeOf(afterwards)).toBe("AUTH_INVALID");
  });
});
