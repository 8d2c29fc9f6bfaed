/**
 * The MultiClaw Cloud in a process of its own for the gateway bench, so its work (token refresh, config sync,
 * the event stream) does not share the bench process's event loop with the clocks that time the gateway.
 * Started by cloud.ts with IPC; reports its URL once listening and closes cleanly on SIGTERM.
 */
import { startCloud } from "../../apps/cloud/src/cloud.ts";

const dataDir = process.env.BENCH_CLOUD_DATA_DIR;
if (!dataDir) throw new Error("BENCH_CLOUD_DATA_DIR is required");

const cloud = await startCloud({
  host: "127.0.0.1",
  port: 0,
  dataDir,
  databaseUrl: process.env.BENCH_CLOUD_DATABASE_URL || undefined,
  logLevel: "silent",
  // Every cold start of the gateway refreshes its tokens; the limits are raised so trials never wait on them.
  signInRatePerMinute: 10_000,
  deviceRatePerMinute: 10_000,
  env: {},
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
// A bench that dies must not leave the Cloud behind.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
