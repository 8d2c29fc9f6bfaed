import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { monotonicMs, sleep } from "../fanout/clock.ts";
import { freePort } from "../fanout/free-port.ts";
import { captureTail } from "../fanout/systems/child-process.ts";
import { stopProcessTree } from "../gateway/process-stop.ts";
import { type TreeMemory, treeResidentBytes } from "../gateway/process-tree.ts";
import { probeGet, timeUntilReady } from "../gateway/ready-probe.ts";
import { cloudEnvironment, spawnCloud, type Variant } from "./cloud-variants.ts";

export interface CloudStartRecord {
  variant: Variant;
  trial: number;
  /** spawn → the first HTTP answer. */
  listeningMs: number;
  /** spawn → /readyz answers 200 (database and fan-out checked). */
  readyMs: number;
  idle: TreeMemory;
}

export interface CloudStartContext {
  idleSeconds: number;
  postgresUrl: string;
  /** A MULTICLAW_HOME whose PGlite database an earlier start made. */
  existingHome: string;
}

/** A fresh database on the server; dropped by the returned function. */
async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mc_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** One start of one variant: time to ready, then memory after `idleSeconds`; the Cloud is stopped after. */
export async function measureCloudStart(
  variant: Variant,
  trial: number,
  context: CloudStartContext,
): Promise<CloudStartRecord> {
  const cleanups: Array<() => Promise<void>> = [];
  const settings: Record<string, string> = { MULTICLAW_LOG_LEVEL: "warn" };
  if (variant.storage === "postgres") {
    const database = await freshDatabase(context.postgresUrl);
    cleanups.push(() => database.drop());
    settings.DATABASE_URL = database.url;
  }
  if (variant.storage === "pglite-existing") {
    settings.MULTICLAW_HOME = context.existingHome;
  } else {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-cloud-bench-"));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    settings.MULTICLAW_HOME = home;
  }
  if (variant.storage === "pglite-empty-no-template") settings.MULTICLAW_PGLITE_TEMPLATES = "off";
  const port = await freePort();
  settings.MULTICLAW_CLOUD_PORT = String(port);

  const spawnedAt = monotonicMs();
  const child = spawnCloud(variant, cloudEnvironment(settings));
  const output = captureTail(child);
  try {
    const start = await timeUntilReady({
      spawnedAt,
      probe: () => probeGet(`http://127.0.0.1:${port}/readyz`, {}, 1000),
      isReady: (response) => response.status === 200,
      intervalMs: 25,
      timeoutMs: 180_000,
      failure: () =>
        child.exitCode === null ? null : `the Cloud exited with ${child.exitCode}:\n${output()}`,
    });
    await sleep(context.idleSeconds * 1000);
    const idle = await treeResidentBytes(child.pid as number);
    return { variant, trial, ...start, idle };
  } finally {
    await stopProcessTree(child, 30_000);
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
