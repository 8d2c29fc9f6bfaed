import { gatewayRoutes, ProblemSchema } from "@multiclaw/protocol";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createLocalApi, type LocalApi } from "./create-local-api.ts";
import { type HttpAnswer, type HttpCall, type ServedLocalApi, serveLocalApi } from "./test-http-call.ts";
import { CodedError, createFakeGateway, type FakeGateway } from "./test-local-api-deps.ts";

/*
 * The HTTP layer: guards, auth, validation and error shapes. The API believes it listens on 4801 (the Host it
 * expects) while the test serves it on a free port, sending the exact headers each case needs.
 */

const token = "t".repeat(43);
const appOrigin = "http://127.0.0.1:5173";
let fake: FakeGateway;
let api: LocalApi;
let served: ServedLocalApi;
let logged: string[];

beforeEach(async () => {
  fake = createFakeGateway();
  logged = [];
  api = createLocalApi(fake.deps, {
    token,
    port: 4801,
    allowedOrigins: [appOrigin],
    bodyLimitBytes: 64 * 1024,
    logger: pino({ level: "error" }, { write: (line: string) => void logged.push(line) }),
  });
  served = await serveLocalApi(api);
  return async () => {
    await served.close();
    await api.close();
  };
});

function call(path: string, init: HttpCall = {}) {
  return served.call(path, {
    ...init,
    headers: { host: "127.0.0.1:4801", authorization: `Bearer ${token}`, ...init.headers },
  });
}

async function problemOf(response: HttpAnswer) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await response.json());
}

const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});

describe("the local API's token", () => {
  it("refuses a request without the token with AUTH_REQUIRED", async () => {
    const response = await served.call("/v1/status", { headers: { host: "127.0.0.1:4801" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await problemOf(response)).code).toBe("AUTH_REQUIRED");
  });

  it("refuses a wrong or malformed token with AUTH_INVALID", async () => {
    for (const authorization of [`Bearer ${"u".repeat(43)}`, `Bearer ${token}x`, "Basic abc", "Bearer"]) {
      const response = await call("/v1/status", { headers: { authorization } });
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe("AUTH_INVALID");
    }
  });

  it("guards every route but the health check and the App's code exchange (app-session-http.test.ts)", async () => {
    for (const [name, route] of Object.entries(gatewayRoutes)) {
      if (name === "openAppSession") continue;
      const path = route.path.replace(/:(\w+)/g, "x");
      const response = await served.call(path, {
        method: route.method,
        headers: { host: "127.0.0.1:4801" },
      });
      if (name === "health") {
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ ok: true });
      } else {
        expect(response.status, name).toBe(401);
      }
    }
  });
});

describe("the Host and Origin checks", () => {
  it("accepts 127.0.0.1 and localhost on its own port", async () => {
    expect((await call("/v1/status")).status).toBe(200);
    expect((await call("/v1/status", { headers: { host: "LOCALHOST:4801" } })).status).toBe(200);
  });

  it("refuses a foreign Host (DNS rebinding) with HOST_FORBIDDEN, even on the health check", async () => {
    for (const host of [
      "evil.example:4801",
      "127.0.0.1:4802",
      "127.0.0.1",
      "192.168.1.2:4801",
      "[::1]:4801",
    ]) {
      for (const path of ["/v1/status", "/v1/health"]) {
        const response = await call(path, { headers: { host } });
        expect(response.status, host).toBe(403);
        expect((await problemOf(response)).code).toBe("HOST_FORBIDDEN");
      }
    }
    const noHost = await served.call("/v1/health");
    expect(noHost.status).toBe(403);
  });

  it("refuses a page from a foreign origin, with or without the token", async () => {
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1:4802", "http://localhost:5173"]) {
      const response = await call("/v1/status", { headers: { origin } });
      expect(response.status, origin).toBe(403);
      expect((await problemOf(response)).code).toBe("HOST_FORBIDDEN");
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    const noCors = await call("/v1/health", { headers: { "sec-fetch-site": "cross-site" } });
    expect(noCors.status).toBe(403);
  });

  it("lets a page of the gateway's own origin call, the origin of the Host it asked", async () => {
    expect((await call("/v1/status", { headers: { origin: "http://127.0.0.1:4801" } })).status).toBe(200);
    const viaLocalhost = { host: "localhost:4801", origin: "http://localhost:4801" };
    expect((await call("/v1/status", { headers: viaLocalhost })).status).toBe(200);
    for (const [host, origin] of [
      ["127.0.0.1:4801", "http://localhost:4801"],
      ["localhost:4801", "http://127.0.0.1:4801"],
      ["127.0.0.1:4801", "https://127.0.0.1:4801"],
    ] as const) {
      const response = await call("/v1/status", { headers: { host, origin } });
      expect(response.status, `${host} ${origin}`).toBe(403);
      expect((await problemOf(response)).code).toBe("HOST_FORBIDDEN");
    }
  });

  it("lets a configured origin call, by name and never with a wildcard", async () => {
    const response = await call("/v1/status", { headers: { origin: appOrigin } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const preflight = await served.call("/v1/conversations", {
      method: "OPTIONS",
      headers: {
        host: "127.0.0.1:4801",
        origin: appOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const foreignPreflight = await served.call("/v1/conversations", {
      method: "OPTIONS",
      headers: {
        host: "127.0.0.1:4801",
        origin: "http://evil.example",
        "access-control-request-method": "POST",
      },
    });
    expect(foreignPreflight.status).toBe(403);
  });

  it("sends no CORS headers at all when no origin is configured", async () => {
    const plain = createLocalApi(fake.deps, { token, port: 4801, logger: pino({ level: "silent" }) });
    const plainServed = await serveLocalApi(plain);
    const response = await plainServed.call("/v1/status", {
      headers: { host: "127.0.0.1:4801", authorization: `Bearer ${token}`, origin: appOrigin },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await plainServed.call("/v1/status", {
      method: "OPTIONS",
      headers: { host: "127.0.0.1:4801", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    await plainServed.close();
    await plain.close();
  });
});

describe("input validation and errors", () => {
  it("answers bad JSON with BAD_REQUEST and a non-JSON body with UNSUPPORTED_MEDIA_TYPE", async () => {
    const bad = await call("/v1/conversations", postJson("{not json"));
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).code).toBe("BAD_REQUEST");
    const text = await call("/v1/conversations", {
      method: "POST",
      body: "hi",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect((await problemOf(text)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("names unknown and invalid fields with VALIDATION_FAILED", async () => {
    const agentId = fake.agents[0]?.id;
    const unknown = await call("/v1/conversations", postJson({ agentId, text: "hi", sneaky: true }));
    expect(unknown.status).toBe(400);
    const problem = await problemOf(unknown);
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.errors).toContainEqual({ path: "(root)", message: "unknown field(s): sneaky" });

    const invalid = await call("/v1/conversations", postJson({ agentId: "agt_nope", text: "" }));
    const fields = (await problemOf(invalid)).errors?.map((error) => error.path);
    expect(fields).toEqual(expect.arrayContaining(["agentId", "text"]));

    const badParam = await call("/v1/runs/run_123");
    expect(badParam.status).toBe(400);
    expect((await problemOf(badParam)).errors?.[0]?.path).toBe("runId");

    const badQuery = await call("/v1/conversations?limit=0&extra=1");
    expect((await problemOf(badQuery)).code).toBe("VALIDATION_FAILED");
  });

  it("refuses a body over the limit with BODY_TOO_LARGE", async () => {
    const response = await call(
      "/v1/conversations",
      postJson({ agentId: fake.agents[0]?.id, text: "x".repeat(70_000) }),
    );
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe("BODY_TOO_LARGE");
  });

  it("answers an unknown route and an unknown id with NOT_FOUND", async () => {
    expect((await problemOf(await call("/v1/nothing"))).code).toBe("NOT_FOUND");
    const run = await call("/v1/runs/run_01jaaaaaaaaaaaaaaaaaaaaaaa");
    expect(run.status).toBe(404);
    expect((await problemOf(run)).code).toBe("NOT_FOUND");
  });

  it("passes a dependency's stable code and message through", async () => {
    fake.failNext("startRun", new CodedError("KEY_NOT_CONFIGURED", "No key is configured for anthropic"));
    const response = await call("/v1/conversations", postJson({ agentId: fake.agents[0]?.id, text: "hi" }));
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      code: "KEY_NOT_CONFIGURED",
      detail: "No key is configured for anthropic",
    });
  });

  it("answers anything unexpected with INTERNAL, without its message, and logs it", async () => {
    fake.failNext("agents", new Error("secret path /home/user/.config went wrong"));
    const response = await call("/v1/agents");
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem.code).toBe("INTERNAL");
    expect(JSON.stringify(problem)).not.toContain("secret path");
    expect(logged.join("")).toContain("secret path");
  });

  it("refuses a protocol version it does not speak", async () => {
    const response = await call("/v1/status", { headers: { "multiclaw-protocol": "99" } });
    expect(response.status).toBe(426);
    expect((await problemOf(response)).code).toBe("PROTOCOL_UNSUPPORTED");
  });

  it("sends security headers and forbids caching, on answers and problems alike", async () => {
    for (const response of [
      await call("/v1/status"),
      await call("/v1/nothing"),
      await served.call("/v1/health"),
    ]) {
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("content-security-policy")).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("answers a malformed URL with BAD_REQUEST and a known path with another method with NOT_FOUND", async () => {
    const malformed = await call("/v1/runs/%E0%A4%A");
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).code).toBe("BAD_REQUEST");
    const wrongMethod = await call("/v1/status", { method: "DELETE" });
    expect(wrongMethod.status).toBe(404);
    expect((await problemOf(wrongMethod)).code).toBe("NOT_FOUND");
  });

  it("drops fields the contract does not name from answers", async () => {
    const agents = fake.agents as unknown as Record<string, unknown>[];
    if (agents[0]) agents[0].internalPath = "/home/user/secret";
    const response = await call("/v1/agents");
    expect(JSON.stringify(await response.json())).not.toContain("internalPath");
  });
});
