import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalFanout } from "../events/local-fanout.ts";
import { registerHealthRoutes } from "../health.ts";
import { createRouteBinder } from "../http/bind-routes.ts";
import { call } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";
import { openTestDatabase } from "../testing/test-database.ts";

function httpsGet(url: string, ca: Buffer | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTPS when given a certificate and key", () => {
  let dir: string;
  let test: TestCloud;
  let ca: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "multiclaw-tls-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { stdio: "ignore" },
    );
    ca = await readFile(cert);
    test = await startTestCloud({ tlsCertFile: cert, tlsKeyFile: key });
  });
  afterAll(async () => {
    await test?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the API over TLS, with HSTS", async () => {
    expect(test.cloud.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(test.cloud.eventsUrl).toMatch(/^wss:/);
    const result = await httpsGet(`${test.cloud.url}/healthz`, ca);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: "ok" });
  });

  it("is refused by a client that does not trust the certificate", async () => {
    await expect(httpsGet(`${test.cloud.url}/healthz`, undefined)).rejects.toThrow(
      /self[- ]signed|certificate/i,
    );
  });
});

describe("health endpoints", () => {
  let test: TestCloud;
  beforeAll(async () => {
    test = await startTestCloud();
  });
  afterAll(() => test.close());

  it("reports alive and ready with the database and fan-out reachable", async () => {
    expect((await call(test.cloud.url, "GET", "/healthz")).status).toBe(200);
    const ready = await call(test.cloud.url, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", checks: { database: "ok", fanout: "ok" } });
  });

  it("reports not ready, with 503, when the database or the fan-out is unreachable", async () => {
    const database = await openTestDatabase();
    const app = new Hono();
    const healthyFanout = createLocalFanout();
    const fanout = { ...healthyFanout, isHealthy: async () => false };
    registerHealthRoutes(
      createRouteBinder({
        app,
        db: database.db,
        authenticator: { authenticate: () => Promise.reject(new Error("unused")) },
        rateLimit: async () => undefined,
        clientIp: () => "test",
      }),
      { db: database.db, fanout, version: "test" },
    );
    const fanoutDown = await app.request("/readyz");
    expect(fanoutDown.status).toBe(503);
    expect(await fanoutDown.json()).toEqual({
      status: "not-ready",
      checks: { database: "ok", fanout: "failing" },
    });
    await database.close();
    const databaseDown = await app.request("/readyz");
    expect(databaseDown.status).toBe(503);
    expect(await databaseDown.json()).toMatchObject({ checks: { database: "failing" } });
  });
});
