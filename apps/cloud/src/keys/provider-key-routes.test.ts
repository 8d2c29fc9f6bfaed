import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { CloudError } from "../errors.ts";
import { createChangeRunner } from "../events/emit.ts";
import { createRouteBinder } from "../http/bind-routes.ts";
import type { Principal } from "../http/principal.ts";
import { problemResponse } from "../http/problem.ts";
import {
  createRecordingFanout,
  type SeededWorkspace,
  seedWorkspace,
  silentLogger,
  userPrincipal,
} from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { createMasterKeyRing, MasterKey } from "./master-key.ts";
import { registerProviderKeyRoutes } from "./provider-key-routes.ts";
import { createProviderKeyService, type ProviderKeyService } from "./provider-keys.ts";

describe("provider key routes", () => {
  let test: TestDatabase;
  let app: Hono;
  let keys: ProviderKeyService;
  let ws: SeededWorkspace;
  /** Bearer token → principal; stands in for the auth service, which is written elsewhere. */
  const sessions = new Map<string, Principal>();

  beforeAll(async () => {
    test = await openTestDatabase();
    const runChange = createChangeRunner({
      db: test.db,
      fanout: createRecordingFanout(),
      clock: systemClock,
      logger: silentLogger,
    });
    keys = createProviderKeyService({
      db: test.db,
      masterKeys: createMasterKeyRing(new MasterKey(randomBytes(32))),
      runChange,
    });
    app = new Hono();
    app.onError((error) =>
      error instanceof CloudError ? problemResponse(error) : new Response("internal", { status: 500 }),
    );
    const binder = createRouteBinder({
      app,
      db: test.db,
      authenticator: {
        authenticate: async (token) => {
          const principal = sessions.get(token);
          if (!principal) throw new CloudError("AUTH_INVALID");
          return principal;
        },
      },
      rateLimit: async () => {},
      clientIp: () => "127.0.0.1",
    });
    registerProviderKeyRoutes(binder, keys);
  });
  afterAll(() => test.close());
  beforeEach(async () => {
    ws = await seedWorkspace(test.db);
    for (const userId of [ws.owner, ws.admin, ws.member])
      sessions.set(`token-${userId}`, userPrincipal(userId));
  });

  function call(method: string, path: string, userId: string | null, body?: unknown) {
    const headers: Record<string, string> = {};
    if (userId) headers.authorization = `Bearer token-${userId}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    return app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  const keysPath = () => `/v1/workspaces/${ws.workspaceId}/provider-keys`;

  it("sets, lists and deletes a key without ever answering with it", async () => {
    const apiKey = `sk-route-canary-${randomBytes(12).toString("hex")}`;
    const put = await call("PUT", `${keysPath()}/anthropic`, ws.admin, { apiKey });
    expect(put.status).toBe(200);
    const putText = await put.text();
    expect(putText).not.toContain(apiKey);
    expect(JSON.parse(putText)).toEqual({
      provider: "anthropic",
      lastFour: apiKey.slice(-4),
      baseUrl: null,
      updatedAt: expect.any(String),
      updatedBy: ws.admin,
    });

    const list = await call("GET", keysPath(), ws.member);
    expect(list.status).toBe(200);
    const listText = await list.text();
    expect(listText).not.toContain(apiKey);
    expect(JSON.parse(listText).keys).toHaveLength(1);

    expect((await call("DELETE", `${keysPath()}/anthropic`, ws.owner)).status).toBe(204);
    const again = await call("DELETE", `${keysPath()}/anthropic`, ws.owner);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a short key, an unknown provider and unknown fields", async () => {
    const short = await call("PUT", `${keysPath()}/openai`, ws.admin, { apiKey: "short" });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    const provider = await call("PUT", `${keysPath()}/mistral`, ws.admin, { apiKey: "sk-long-enough-key" });
    expect(provider.status).toBe(400);
    const extra = await call("PUT", `${keysPath()}/openai`, ws.admin, {
      apiKey: "sk-long-enough-key",
      org: "x",
    });
    expect(extra.status).toBe(400);
    expect(await keys.decryptForSync(ws.workspaceId)).toEqual([]);
  });

  it("requires a base URL for openai-compatible", async () => {
    const response = await call("PUT", `${keysPath()}/openai-compatible`, ws.admin, {
      apiKey: "sk-long-enough-key",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "baseUrl" }] });
  });

  it("answers 403 to a member, 404 to a stranger and 401 without a token", async () => {
    const body = { apiKey: "sk-long-enough-key" };
    expect((await call("PUT", `${keysPath()}/openai`, ws.member, body)).status).toBe(403);
    const stranger = (await seedWorkspace(test.db)).admin;
    sessions.set(`token-${stranger}`, userPrincipal(stranger));
    expect((await call("PUT", `${keysPath()}/openai`, stranger, body)).status).toBe(404);
    expect((await call("GET", keysPath(), stranger)).status).toBe(404);
    expect((await call("GET", keysPath(), null)).status).toBe(401);
  });
});
