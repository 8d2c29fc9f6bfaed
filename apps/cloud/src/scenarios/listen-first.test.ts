import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloud } from "../cloud.ts";
import type { Database } from "../db/connect.ts";
import { call } from "../testing/test-client.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";

describe("a Cloud that listens before its database is open", () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "multiclaw-listen-first-"));
  });
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers liveness at once and a sign-up sent early once the database opens", async () => {
    let giveDatabase: (db: Database) => void = () => {};
    const lateDatabase = new Promise<Database>((resolve) => {
      giveDatabase = resolve;
    });
    let listening: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => {
      listening = resolve;
    });
    const starting = startCloud({
      port: 0,
      dataDir,
      database: lateDatabase,
      env: {},
      logger: pino({ level: "silent" }),
      onListening: listening,
    });
    const baseUrl = await url;
    expect((await call(baseUrl, "GET", "/healthz")).status).toBe(200);
    const ready = await call(baseUrl, "GET", "/readyz");
    expect(ready).toMatchObject({ status: 503, body: { checks: { database: "starting" } } });

    const signUp = call(baseUrl, "POST", "/v1/auth/sign-up", {
      body: { email: "early@example.test", password: "correct horse battery staple", name: "Early" },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    giveDatabase(database.db);
    const cloud = await starting;
    try {
      expect(cloud.url).toBe(baseUrl);
      expect((await signUp).status).toBe(201);
      expect((await call(baseUrl, "GET", "/readyz")).status).toBe(200);
    } finally {
      await cloud.close();
    }
  });
});
