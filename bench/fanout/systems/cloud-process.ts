/**
 * The MultiClaw Cloud in a process of its own, so the bench can read its memory from /proc/<pid>/status
 * without the client fleet or the orchestrator in the figure. Started by multiclaw.ts with IPC; it reports its
 * URL once listening and closes cleanly on SIGTERM.
 */
import { startCloud } from "../../../apps/cloud/src/cloud.ts";

const dataDir = process.env.BENCH_CLOUD_DATA_DIR;
if (!dataDir) throw new Error("BENCH_CLOUD_DATA_DIR is required");

const cloud = await startCloud({
  host: "127.0.0.1",
  port: 0,
  dataDir,
  databaseUrl: process.env.BENCH_CLOUD_DATABASE_URL || undefined,
  logLevel: "silent",
  // Each round signs up once; the limit is raised only so repeated rounds never wait on it.
  signInRatePerMinute: 10_000,
});
process.send?.({ url: cloud.url });

let closing = false;
process.on("SIGTERM", () => {
  if (closing) return;
  closing = true;
  cloud.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
