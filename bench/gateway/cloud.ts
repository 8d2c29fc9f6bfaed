import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { captureTail, reportedUrl, stopProcess } from "../fanout/systems/child-process.ts";

const launcher = fileURLToPath(new URL("./cloud-process.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface BenchCloud {
  url: string;
  close(): Promise<void>;
}

/** Starts a Cloud (embedded PGlite in a temp dir unless `databaseUrl`) in its own process. */
export async function startBenchCloud(databaseUrl: string | undefined): Promise<BenchCloud> {
  const dataDir = await mkdtemp(join(tmpdir(), "multiclaw-gateway-bench-cloud-"));
  const child = spawn(process.execPath, ["--import", "tsx", launcher], {
    cwd: repositoryRoot,
    env: { ...process.env, BENCH_CLOUD_DATA_DIR: dataDir, BENCH_CLOUD_DATABASE_URL: databaseUrl ?? "" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const output = captureTail(child);
  const close = async () => {
    await stopProcess(child, 30_000);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await reportedUrl(child, 180_000, output);
    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
