import {
  APP_CODE_LIFETIME_SECONDS,
  APP_SESSION_COOKIE,
  AppCode,
  AppSession,
  eventCloseCodes,
  PROTOCOL_VERSION,
  ProblemSchema,
} from "@multiclaw/protocol";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppSessions } from "../app-session/index.ts";
import { createLocalApi, type LocalApi } from "./create-local-api.ts";
import type { CloudForwardRequest } from "./local-api-deps.ts";
import {
  callLocalApi,
  type HttpAnswer,
  type HttpCall,
  type ServedLocalApi,
  serveLocalApi,
} from "./test-http-call.ts";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { createFakeGateway, type FakeGateway } from "./test-local-api-deps.ts";
import { StreamTestClient } from "./test-stream-client.ts";

/*
 * The App's session over HTTP: a code minted with the token, exchanged once by the gateway's own page for an
 * HttpOnly cookie, which then opens every route the token opens — from that page only. The API believes it
 * listens on 4801 while served on a free port, so each case sends exact headers.
 */

const token = "t".repeat(43);
const host = "127.0.0.1:4801";
const ownOrigin = "http://127.0.0.1:4801";
/** What a browser sends with a same-origin POST of the App's page. */
const fromOwnPage = { origin: ownOrigin, "sec-fetch-site": "same-origin" };

let fake: FakeGateway;
let api: LocalApi;
let served: ServedLocalApi;
let now: number;
let forwarded: CloudForwardRequest[];

beforeEach(async () => {
  fake = createFakeGateway();
  forwarded = [];
  fake.deps.user.forward = async (request) => {
    forwarded.push(request);
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ workspaces: [] })),
    };
  };
  now = Date.now();
  const logger = pino({ level: "silent" });
  api = createLocalApi(fake.deps, {
    token,
    port: 4801,
    logger,
    appSessions: createAppSessions({ now: () => now, logger, file: null }),
  });
  served = await serveLocalApi(api);
  return async () => {
    await served.close();
    await api.close();
  };
});

function call(path: string, init: HttpCall = {}): Promise<HttpAnswer> {
  return served.call(path, { ...init, headers: { host, ...init.headers } });
}

async function problemOf(answer: HttpAnswer) {
  expect(answer.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await answer.json());
}

async function newCode(): Promise<AppCode> {
  const answer = await call("/v1/app/codes", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(answer.status).toBe(201);
  return AppCode.parse(await answer.json());
}

function exchange(code: string, headers: Record<string, string> = fromOwnPage): Promise<HttpAnswer> {
  return call("/v1/app/session", {
    method: "POST",
    body: JSON.stringify({ code }),
    headers: { "content-type": "application/json", ...headers },
  });
}

/** `name=value` of the session cookie the exchange set. */
function cookieOf(answer: HttpAnswer): string {
  const setCookie = answer.headers.get("set-cookie") ?? "";
  expect(setCookie.startsWith(`${APP_SESSION_COOKIE}=`)).toBe(true);
  return setCookie.split(";")[0] ?? "";
}

async function signedInCookie(): Promise<string> {
  return cookieOf(await exchange((await newCode()).code));
}

describe("the App's one-time code", () => {
  it("is minted with the API token only, with the link that opens the App", async () => {
    const refused = await call("/v1/app/codes", { method: "POST" });
    expect((await problemOf(refused)).code).toBe("AUTH_REQUIRED");
    const code = await newCode();
    expect(code.url).toBe(`http://127.0.0.1:4801/#code=${code.code}`);
    expect(Date.parse(code.expiresAt) - now).toBe(APP_CODE_LIFETIME_SECONDS * 1000);
  });

  it("is exchanged once for an HttpOnly, SameSite=Strict cookie of the whole origin", async () => {
    const { code } = await newCode();
    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    expect(AppSession.parse(await answer.json()).expiresAt).toBe(
      new Date(now + 30 * 24 * 60 * 60 * 1000).toISOString(),
    );
    const setCookie = answer.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${APP_SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).toContain("Max-Age=2592000");
    expect(setCookie).not.toContain("Secure");
    expect(answer.headers.get("cache-control")).toBe("no-store");

    const again = await exchange(code);
    expect(again.status).toBe(401);
    expect(again.headers.get("set-cookie")).toBeNull();
    const problem = await problemOf(again);
    expect(problem.code).toBe("AUTH_INVALID");
    expect(problem.detail).toContain("already used or has expired");
  });

  it("is refused once it has expired", async () => {
    const { code } = await newCode();
    now += APP_CODE_LIFETIME_SECONDS * 1000 + 1;
    const answer = await exchange(code);
    expect((await problemOf(answer)).code).toBe("AUTH_INVALID");
    expect(answer.headers.get("set-cookie")).toBeNull();
  });

  it("is refused as AUTH_INVALID when it is not one this gateway issued", async () => {
    await newCode();
    expect((await problemOf(await exchange("A".repeat(43)))).code).toBe("AUTH_INVALID");
  });

  it("is exchanged only by the gateway's own page, and a refusal does not use it up", async () => {
    const { code } = await newCode();
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      // Another server on loopback is the same site, not the same origin.
      { origin: "http://127.0.0.1:5173", "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      // A client that says nothing of where it comes from.
      {},
    ]) {
      const answer = await exchange(code, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect((await problemOf(answer)).code).toBe("HOST_FORBIDDEN");
      expect(answer.headers.get("set-cookie")).toBeNull();
    }
    expect((await exchange(code, { "sec-fetch-site": "same-origin" })).status).toBe(200);
  });

  it("takes the page's origin from the Host it asked: localhost is its own origin", async () => {
    const mismatched = await call("/v1/app/session", {
      method: "POST",
      body: JSON.stringify({ code: (await newCode()).code }),
      headers: { "content-type": "application/json", host: "localhost:4801", origin: ownOrigin },
    });
    expect(mismatched.status).toBe(403);
    const { code } = await newCode();
    const answer = await call("/v1/app/session", {
      method: "POST",
      body: JSON.stringify({ code }),
      headers: {
        "content-type": "application/json",
        host: "localhost:4801",
        origin: "http://localhost:4801",
      },
    });
    expect(answer.status).toBe(200);
  });
});

describe("the App's session cookie", () => {
  it("opens a route that needs the token, from the page's own origin", async () => {
    const cookie = await signedInCookie();
    expect((await call("/v1/status", { headers: { cookie, "sec-fetch-site": "same-origin" } })).status).toBe(
      200,
    );
    expect((await call("/v1/status", { headers: { cookie, origin: ownOrigin } })).status).toBe(200);
    const post = await call("/v1/conversations", {
      method: "POST",
      body: JSON.stringify({ agentId: fake.agents[0]?.id, text: "hi" }),
      headers: { cookie, ...fromOwnPage, "content-type": "application/json" },
    });
    expect(post.status).toBe(201);
  });

  it("gives a cross-site page nothing, even though its browser holds a valid cookie", async () => {
    const cookie = await signedInCookie();
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      // A no-cors request (an image, a script tag) from another site carries no Origin.
      { "sec-fetch-site": "cross-site" },
      // A page on another loopback port is the same site: SameSite lets its browser send the cookie.
      { origin: "http://127.0.0.1:5173", "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "same-site" },
      // No fetch metadata at all: not a browser's page of this origin.
      {},
    ]) {
      for (const path of ["/v1/status", "/v1/conversations", "/cloud/v1/workspaces"]) {
        const answer = await call(path, { headers: { cookie, ...headers } });
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect((await problemOf(answer)).code).toBe("HOST_FORBIDDEN");
        expect(answer.text).not.toContain("version");
      }
    }
    const rebound = await call("/v1/status", {
      headers: { cookie, host: "evil.example:4801", origin: "http://evil.example:4801" },
    });
    expect(rebound.status).toBe(403);
    const posted = await call("/v1/conversations", {
      method: "POST",
      body: JSON.stringify({ agentId: fake.agents[0]?.id, text: "hi" }),
      headers: { cookie, origin: "http://evil.example", "content-type": "application/json" },
    });
    expect(posted.status).toBe(403);
    expect(await fake.deps.store.listRuns({ limit: 10 })).toHaveLength(0);
    expect(forwarded).toHaveLength(0);
  });

  it("refuses a cookie that names no session with AUTH_INVALID", async () => {
    const answer = await call("/v1/status", {
      headers: { cookie: `${APP_SESSION_COOKIE}=${"x".repeat(43)}`, "sec-fetch-site": "same-origin" },
    });
    expect(answer.status).toBe(401);
    expect((await problemOf(answer)).detail).toContain("multiclaw app");
  });

  it("lets a bearer header decide alone: a wrong token is refused even beside a valid cookie", async () => {
    const cookie = await signedInCookie();
    const answer = await call("/v1/status", {
      headers: { cookie, "sec-fetch-site": "same-origin", authorization: `Bearer ${"u".repeat(43)}` },
    });
    expect((await problemOf(answer)).code).toBe("AUTH_INVALID");
  });

  it("reaches the Cloud through /cloud as the signed-in user, and is not passed on", async () => {
    const cookie = await signedInCookie();
    const answer = await call("/cloud/v1/workspaces", {
      headers: { cookie, "sec-fetch-site": "same-origin" },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ workspaces: [] });
    expect(forwarded).toHaveLength(1);
    expect(Object.keys(forwarded[0]?.headers ?? {})).not.toContain("cookie");
    expect(
      (await call("/cloud/v1/workspaces", { headers: { "sec-fetch-site": "same-origin" } })).status,
    ).toBe(401);
  });

  it("is ended by closeAppSession, which clears it in the browser", async () => {
    const cookie = await signedInCookie();
    const closed = await call("/v1/app/session", { method: "DELETE", headers: { cookie, ...fromOwnPage } });
    expect(closed.status).toBe(204);
    const cleared = closed.headers.get("set-cookie") ?? "";
    expect(cleared).toMatch(new RegExp(`^${APP_SESSION_COOKIE}=;`));
    expect(cleared).toContain("Max-Age=0");
    const after = await call("/v1/status", { headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect((await problemOf(after)).code).toBe("AUTH_INVALID");
  });

  it("ends after thirty days without use, and each use moves that on", async () => {
    const cookie = await signedInCookie();
    const status = () => call("/v1/status", { headers: { cookie, "sec-fetch-site": "same-origin" } });
    now += 29 * 24 * 60 * 60 * 1000;
    expect((await status()).status).toBe(200);
    now += 29 * 24 * 60 * 60 * 1000;
    expect((await status()).status).toBe(200);
    now += 31 * 24 * 60 * 60 * 1000;
    expect((await status()).status).toBe(401);
  });
});

describe("the App's session on a real gateway port", () => {
  let running: TestLocalApi | undefined;
  let restarted: TestLocalApi | undefined;
  afterEach(async () => {
    await restarted?.close();
    await running?.close();
    running = restarted = undefined;
  });

  async function cookieFrom(local: TestLocalApi): Promise<string> {
    const { port } = local.running;
    const headers = { host: `127.0.0.1:${port}` };
    const minted = await callLocalApi(port, "/v1/app/codes", {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${local.token}` },
    });
    const { code } = AppCode.parse(await minted.json());
    const answer = await callLocalApi(port, "/v1/app/session", {
      method: "POST",
      body: JSON.stringify({ code }),
      headers: { ...headers, origin: `http://127.0.0.1:${port}`, "content-type": "application/json" },
    });
    return cookieOf(answer);
  }

  it("authenticates the run-event stream by the cookie on its upgrade, with a hello without a token", async () => {
    running = await startTestLocalApi();
    const { port } = running.running;
    const cookie = await cookieFrom(running);
    const url = `ws://127.0.0.1:${port}/v1/stream`;
    const page = await StreamTestClient.open(url, { cookie, origin: `http://127.0.0.1:${port}` });
    expect((await page.hello({ subscribe: "all" })).subscribed).toBe("all");
    await page.close();

    const cookieless = await StreamTestClient.open(url, { origin: `http://127.0.0.1:${port}` });
    cookieless.send({ type: "hello", protocol: PROTOCOL_VERSION, subscribe: "all" });
    expect((await cookieless.closed).code).toBe(eventCloseCodes.AUTH_REQUIRED);

    const wrongToken = await StreamTestClient.open(url, { cookie, origin: `http://127.0.0.1:${port}` });
    wrongToken.send({ type: "hello", protocol: PROTOCOL_VERSION, token: "u".repeat(43), subscribe: "all" });
    expect((await wrongToken.closed).code).toBe(eventCloseCodes.AUTH_INVALID);

    // A page on another loopback port holds the same cookie, but its upgrade says where it comes from.
    const otherPort = await StreamTestClient.open(url, { cookie, origin: "http://127.0.0.1:5173" }).catch(
      (error: { status?: number }) => error,
    );
    expect(otherPort).toMatchObject({ status: 403 });
    const noOrigin = await StreamTestClient.open(url, { cookie });
    noOrigin.send({ type: "hello", protocol: PROTOCOL_VERSION, subscribe: "all" });
    expect((await noOrigin.closed).code).toBe(eventCloseCodes.AUTH_REQUIRED);
  });

  it("closes the stream a session opened when the page signs out", async () => {
    running = await startTestLocalApi();
    const { port } = running.running;
    const origin = `http://127.0.0.1:${port}`;
    const cookie = await cookieFrom(running);
    const otherCookie = await cookieFrom(running);
    const url = `ws://127.0.0.1:${port}/v1/stream`;
    const page = await StreamTestClient.open(url, { cookie, origin });
    await page.hello({ subscribe: "all" });
    const otherPage = await StreamTestClient.open(url, { cookie: otherCookie, origin });
    await otherPage.hello({ subscribe: "all" });

    const closed = await callLocalApi(port, "/v1/app/session", {
      method: "DELETE",
      headers: { host: `127.0.0.1:${port}`, cookie, origin },
    });
    expect(closed.status).toBe(204);
    expect((await page.closed).code).toBe(eventCloseCodes.AUTH_INVALID);
    expect(otherPage.closeInfo).toBeNull();
    await otherPage.close();
  });

  it("keeps sessions across a restart of the gateway", async () => {
    running = await startTestLocalApi();
    const { port } = running.running;
    const cookie = await cookieFrom(running);
    await running.stop();
    restarted = await startTestLocalApi({ directory: running.directory, port });
    const answer = await callLocalApi(port, "/v1/status", {
      headers: { host: `127.0.0.1:${port}`, cookie, "sec-fetch-site": "same-origin" },
    });
    expect(answer.status).toBe(200);
  });
});
