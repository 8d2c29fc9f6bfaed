import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

interface Problem {
  code: string;
  status: number;
  title: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

describe("bad input gets a clear 4xx and writes nothing", () => {
  let test: TestCloud;
  let url: string;
  let token: string;
  let workspaceId: string;
  beforeAll(async () => {
    test = await startTestCloud({ bodyLimitBytes: 4096 });
    url = test.cloud.url;
    const user = await signUp(url, "Val");
    token = user.tokens.accessToken;
    workspaceId = user.workspaces[0]?.id as string;
  });
  afterAll(() => test.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name
    `.execute(test.database.db);
    const counts: Record<string, number> = {};
    for (const { table_name } of tables.rows) {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(test.database.db);
      counts[table_name] = rows[0]?.n ?? -1;
    }
    return counts;
  }

  const agentsPath = () => `/v1/workspaces/${workspaceId}/agents`;
  const cases: Array<{
    name: string;
    request: () => Parameters<typeof call>;
    status: number;
    code: string;
    mentions?: string;
  }> = [
    {
      name: "malformed JSON",
      request: () => [url, "POST", agentsPath(), { token, rawBody: '{"name": "x",' }],
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "wrong types",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token, body: { name: 42, provider: "anthropic", model: ["x"] } },
      ],
      status: 400,
      code: "VALIDATION_FAILED",
      mentions: "name",
    },
    {
      name: "an unknown field",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token, body: { name: "A", provider: "anthropic", model: "m", prompt: "do my taxes" } },
      ],
      status: 400,
      code: "VALIDATION_FAILED",
      mentions: "prompt",
    },
    {
      name: "an unknown provider",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token, body: { name: "A", provider: "acme", model: "m" } },
      ],
      status: 400,
      code: "VALIDATION_FAILED",
      mentions: "provider",
    },
    {
      name: "task content, which the schema has no field for",
      request: () => [
        url,
        "POST",
        `/v1/workspaces/${workspaceId}/tasks`,
        { token, body: { title: "Quarterly report", description: "the secret plan" } },
      ],
      status: 400,
      code: "VALIDATION_FAILED",
      mentions: "description",
    },
    {
      name: "an oversized body",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token, body: { name: "A", provider: "anthropic", model: "m", instructions: "x".repeat(10_000) } },
      ],
      status: 413,
      code: "BODY_TOO_LARGE",
    },
    {
      name: "a non-JSON content type",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token, rawBody: "name=A", headers: { "content-type": "text/plain" } },
      ],
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
    },
    {
      name: "a missing token",
      request: () => [url, "POST", agentsPath(), { body: { name: "A", provider: "anthropic", model: "m" } }],
      status: 401,
      code: "AUTH_REQUIRED",
    },
    {
      name: "a malformed Authorization header",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { headers: { authorization: "Token abc" }, body: { name: "A", provider: "anthropic", model: "m" } },
      ],
      status: 401,
      code: "AUTH_INVALID",
    },
    {
      name: "a forged token",
      request: () => [
        url,
        "POST",
        agentsPath(),
        { token: `mca_${"A".repeat(43)}`, body: { name: "A", provider: "anthropic", model: "m" } },
      ],
      status: 401,
      code: "AUTH_INVALID",
    },
    {
      name: "a malformed id in the path",
      request: () => [url, "GET", "/v1/workspaces/not-an-id/agents", { token }],
      status: 400,
      code: "VALIDATION_FAILED",
    },
    {
      name: "a bad query parameter",
      request: () => [url, "GET", `/v1/workspaces/${workspaceId}/tasks?limit=100000`, { token }],
      status: 400,
      code: "VALIDATION_FAILED",
      mentions: "limit",
    },
    {
      name: "an unknown route",
      request: () => [url, "GET", "/v1/nothing-here", { token }],
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "a protocol version this Cloud does not speak",
      request: () => [url, "GET", agentsPath(), { token, headers: { "multiclaw-protocol": "99" } }],
      status: 426,
      code: "PROTOCOL_UNSUPPORTED",
    },
  ];

  it.each(cases)("refuses $name", async ({ request, status, code, mentions }) => {
    const before = await rowCounts();
    const result = await call<Problem>(...request());
    expect(result.status).toBe(status);
    expect(result.headers.get("content-type")).toContain("application/problem+json");
    expect(result.body).toMatchObject({ code, status });
    expect(result.body.title.length).toBeGreaterThan(0);
    if (mentions) expect(JSON.stringify(result.body.errors ?? result.body.detail)).toContain(mentions);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an expired access token with AUTH_EXPIRED", async () => {
    const user = await signUp(url, "Exp");
    await test.database.db
      .updateTable("access_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", user.user.id)
      .execute();
    const result = await call<Problem>(url, "GET", "/v1/me", { token: user.tokens.accessToken });
    expect(result.status).toBe(401);
    expect(result.body.code).toBe("AUTH_EXPIRED");
  });

  it("rotates refresh tokens and revokes the family when an old one is replayed", async () => {
    const user = await signUp(url, "Rot");
    const first = await call<{ tokens: { refreshToken: string; accessToken: string } }>(
      url,
      "POST",
      "/v1/auth/refresh",
      {
        body: { refreshToken: user.tokens.refreshToken },
      },
    );
    expect(first.status).toBe(200);
    expect(first.body.tokens.refreshToken).not.toBe(user.tokens.refreshToken);
    const newAccess = first.body.tokens.accessToken;
    expect((await call(url, "GET", "/v1/me", { token: newAccess })).status).toBe(200);

    const replay = await call<Problem>(url, "POST", "/v1/auth/refresh", {
      body: { refreshToken: user.tokens.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("REFRESH_REUSED");
    // The whole family is gone: the newest refresh token and every access token of it.
    const stolen = await call<Problem>(url, "POST", "/v1/auth/refresh", {
      body: { refreshToken: first.body.tokens.refreshToken },
    });
    expect(stolen.status).toBe(401);
    expect((await call(url, "GET", "/v1/me", { token: newAccess })).status).toBe(401);
    expect((await call(url, "GET", "/v1/me", { token: user.tokens.accessToken })).status).toBe(401);
  });

  it("answers a member of A the same for B's resources as for ones that do not exist", async () => {
    const other = await signUp(url, "Bea");
    const otherWorkspace = other.workspaces[0]?.id as string;
    const agent = await call<{ id: string }>(url, "POST", `/v1/workspaces/${otherWorkspace}/agents`, {
      token: other.tokens.accessToken,
      body: { name: "Private", provider: "gemini", model: "gemini-2.5-pro" },
    });
    const real = await call<Problem>(url, "GET", `/v1/workspaces/${otherWorkspace}/agents/${agent.body.id}`, {
      token,
    });
    const fakeAgentId = agent.body.id.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    const fakeWorkspace = otherWorkspace.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    const missing = await call<Problem>(url, "GET", `/v1/workspaces/${fakeWorkspace}/agents/${fakeAgentId}`, {
      token,
    });
    expect(real.status).toBe(404);
    expect(real.body).toEqual(missing.body);
    const write = await call<Problem>(
      url,
      "PATCH",
      `/v1/workspaces/${otherWorkspace}/agents/${agent.body.id}`,
      {
        token,
        body: { name: "Hijacked" },
      },
    );
    expect(write.status).toBe(404);
    expect(write.body).toEqual(missing.body);
  });

  it("sends security headers", async () => {
    const result = await call(url, "GET", "/healthz");
    expect(result.status).toBe(200);
    expect(result.headers.get("x-content-type-options")).toBe("nosniff");
    expect(result.headers.get("x-frame-options")).toBe("DENY");
    expect(result.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(result.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("rate limits", () => {
  let test: TestCloud;
  beforeAll(async () => {
    test = await startTestCloud({ signInRatePerMinute: 3, deviceRatePerMinute: 2 });
  });
  afterAll(() => test.close());

  it("limits sign-in attempts per client address", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call<Problem>>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await call<Problem>(test.cloud.url, "POST", "/v1/auth/sign-in", {
        body: { email: "nobody@example.test", password: "wrong password" },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(last?.body.code).toBe("RATE_LIMITED");
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("limits device-code requests", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await call(test.cloud.url, "POST", "/v1/device/code", {
        body: { instanceName: "box", platform: "linux" },
      });
      statuses.push(result.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
