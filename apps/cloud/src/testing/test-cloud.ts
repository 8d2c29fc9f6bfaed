import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type RunningCloud, type StartCloudOptions, startCloud } from "../cloud.ts";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";

export interface TestCloud {
  cloud: RunningCloud;
  database: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/** A Cloud node on a free port of 127.0.0.1 over a fresh database of the storage mode under test. */
export async function startTestCloud(options: StartCloudOptions = {}): Promise<TestCloud> {
  const dataDir = await mkdtemp(join(tmpdir(), "multiclaw-cloud-test-"));
  const database = await openTestDatabase();
  const cloud = await startCloud({
    port: 0,
    dataDir,
    logger: pino({ level: process.env.MULTICLAW_TEST_LOG_LEVEL ?? "silent" }),
    database: database.db,
    env: {},
    signInRatePerMinute: 1000,
    deviceRatePerMinute: 1000,
    ...options,
  });
  return {
    cloud,
    database,
    dataDir,
    async close() {
      await cloud.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
