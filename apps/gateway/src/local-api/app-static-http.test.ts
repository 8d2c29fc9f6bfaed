import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProblemSchema } from "@multiclaw/protocol";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalApi, type LocalApi } from "./create-local-api.ts";
import type { HttpAnswer, HttpCall, ServedLocalApi } from "./test-http-call.ts";
import { serveLocalApi } from "./test-http-call.ts";
import { createFakeGateway } from "./test-local-api-deps.ts";

/*
 * The App's files on the gateway's origin: no credential (they hold no secret), but the same Host and origin
 * guard; the App's CSP and security headers on every answer; hashed assets cached for good, the page never
 * without asking; every path of the App answered with the page, and the API's paths never.
 */

const host = "127.0.0.1:4801";
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self' ws://127.0.0.1:4801 ws://localhost:4801; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'self'";
const page =
  '<!doctype html><html><head><script type="module" src="/assets/index-Bx1y2z3a.js"></script></head></html>';

let directory: string;
let api: LocalApi;
let served: ServedLocalApi;

async function serveApp(appDirectory: string): Promise<void> {
  api = createLocalApi(createFakeGateway().deps, {
    token: "t".repeat(43),
    port: 4801,
    appDirectory,
    logger: pino({ level: "silent" }),
  });
  served = await serveLocalApi(api);
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "multiclaw-app-dist-"));
});
afterEach(async () => {
  await served?.close();
  await api?.close();
  await rm(directory, { recursive: true, force: true });
});

async function build(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(directory, name, ".."), { recursive: true });
    await writeFile(join(directory, name), text);
  }
}

function get(path: string, init: HttpCall = {}): Promise<HttpAnswer> {
  return served.call(path, { ...init, headers: { host, ...init.headers } });
}

function expectAppHeaders(answer: HttpAnswer): void {
  expect(answer.headers.get("content-security-policy")).toBe(csp);
  expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
  expect(answer.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(answer.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(answer.headers.get("x-frame-options")).toBe("DENY");
}

async function problemOf(answer: HttpAnswer) {
  expect(answer.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await answer.json());
}

describe("the built App", () => {
  beforeEach(async () => {
    await build({
      "index.html": page,
      "assets/index-Bx1y2z3a.js": "console.log('app')",
      "assets/index-C9d8e7f6.css": "body{}",
      "manifest.webmanifest": '{"name":"MultiClaw"}',
      "icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    });
    await serveApp(directory);
  });

  it("serves the page without a credential, under the App's CSP, revalidated on every load", async () => {
    const answer = await get("/");
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(page);
    expect(answer.headers.get("content-type")).toBe("text/html;charset=utf-8");
    expectAppHeaders(answer);
    expect(answer.headers.get("cache-control")).toBe("no-cache");
    const etag = answer.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const unchanged = await get("/", { headers: { "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
  });

  it("lets a hashed asset be cached for a year, immutable", async () => {
    const script = await get("/assets/index-Bx1y2z3a.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expectAppHeaders(script);
    const style = await get("/assets/index-C9d8e7f6.css");
    expect(style.headers.get("content-type")).toMatch(/^text\/css/);
  });

  it("serves the manifest and the icons, revalidated", async () => {
    const manifest = await get("/manifest.webmanifest");
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-type")).toBe("application/manifest+json");
    expect(manifest.headers.get("cache-control")).toBe("no-cache");
    const icon = await get("/icon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("answers every path of the App with the page, which routes itself", async () => {
    for (const path of [
      "/chat",
      "/chat/cnv_01jabc",
      "/tasks",
      "/agents",
      "/keys",
      "/team",
      "/connections",
      "/account",
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.text).toBe(page);
      expect(answer.headers.get("cache-control")).toBe("no-cache");
      expectAppHeaders(answer);
    }
  });

  it("answers HEAD like GET, without a body", async () => {
    const answer = await get("/chat", { method: "HEAD" });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(answer.headers.get("content-length")).toBe(String(page.length));
  });

  it("answers a missing file with NOT_FOUND rather than the page", async () => {
    const answer = await get("/assets/index-gone.js");
    expect(answer.status).toBe(404);
    expect((await problemOf(answer)).code).toBe("NOT_FOUND");
  });

  it("keeps the API's paths the API's: an unknown one is a problem document, never the page", async () => {
    for (const path of ["/v1/unknown", "/v1", "/v1/app", "/v1/stream"]) {
      const answer = await get(path, { headers: { authorization: `Bearer ${"t".repeat(43)}` } });
      expect(answer.status, path).toBe(404);
      expect((await problemOf(answer)).code).toBe("NOT_FOUND");
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none';frame-ancestors 'none'");
    }
    const cloud = await get("/cloud/anything");
    expect((await problemOf(cloud)).code).toBe("AUTH_REQUIRED");
    const posted = await get("/chat", { method: "POST" });
    expect((await problemOf(posted)).code).toBe("NOT_FOUND");
  });

  it("passes the Host and cross-site guard like the API", async () => {
    const rebound = await get("/", { headers: { host: "evil.example:4801" } });
    expect((await problemOf(rebound)).code).toBe("HOST_FORBIDDEN");
    const embedded = await get("/assets/index-Bx1y2z3a.js", { headers: { "sec-fetch-site": "cross-site" } });
    expect(embedded.status).toBe(403);
    const foreign = await get("/", { headers: { origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
  });
});

describe("an App that is not built", () => {
  it("answers 503 with a page that says how to build it, under the same CSP", async () => {
    await serveApp(directory);
    for (const path of ["/", "/chat"]) {
      const answer = await get(path);
      expect(answer.status).toBe(503);
      expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(answer.text).toContain("npm run build:app");
      expect(answer.text).not.toContain("<script");
      expectAppHeaders(answer);
      expect(answer.headers.get("cache-control")).toBe("no-cache");
    }
    // The gateway itself is fine: its health check still answers.
    expect((await get("/v1/health")).status).toBe(200);
  });

  it("is served once built, and its new files once rebuilt, without a restart", async () => {
    await serveApp(directory);
    expect((await get("/")).status).toBe(503);
    await build({ "index.html": page, "assets/index-Bx1y2z3a.js": "first" });
    expect((await get("/")).status).toBe(200);
    expect((await get("/assets/index-Bx1y2z3a.js")).text).toBe("first");
    await rm(join(directory, "assets"), { recursive: true });
    const rebuilt = '<!doctype html><script type="module" src="/assets/index-Dnew0001.js"></script>';
    await build({ "index.html": rebuilt, "assets/index-Dnew0001.js": "second" });
    expect((await get("/")).text).toBe(rebuilt);
    expect((await get("/assets/index-Dnew0001.js")).text).toBe("second");
    expect((await get("/assets/index-Bx1y2z3a.js")).status).toBe(404);
  });
});
