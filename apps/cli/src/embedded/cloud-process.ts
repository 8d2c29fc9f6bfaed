import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * The embedded Cloud of `multiclaw start`: the Cloud's own entry point as a child process, with its data under
 * MULTICLAW_HOME. It is a separate process on purpose: the gateway's egress guard must see every socket of the
 * gateway, and the Cloud's database and fan-out sockets are not the gateway's.
 */

export interface EmbeddedCloud {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startEmbeddedCloud(options: {
  /** The Cloud's MULTICLAW_HOME; its own default data directory when undefined. */
  home: string | undefined;
  port: number;
  logFile: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<EmbeddedCloud> {
  const url = `http://127.0.0.1:${options.port}`;
  if (await answers(url)) return { url, pid: 0, stop: async () => undefined };
  mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
  const log = openSync(options.logFile, "a", 0o600);
  const main = fileURLToPath(import.meta.resolve("@multiclaw/cloud/main"));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), main], {
    stdio: ["ignore", log, log],
    env: {
      ...options.env,
      ...(options.home ? { MULTICLAW_HOME: options.home } : {}),
      MULTICLAW_CLOUD_PORT: String(options.port),
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the Cloud did not start; see ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
