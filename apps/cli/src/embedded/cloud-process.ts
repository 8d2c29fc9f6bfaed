import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../cli-error.ts";
import { alive, describeExit, type ProcessExit, processFailure } from "../gateway-process.ts";
import { logSize } from "./log-error-lines.ts";
import { cloudPortHolder, hostPort } from "./port-holder.ts";

/*
 * The embedded Cloud of `multiclaw start`: the Cloud's own entry point as a child process, with its data under
 * MULTICLAW_HOME. It is a separate process on purpose: the gateway's egress guard must see every socket of the
 * gateway, and the Cloud's database and fan-out sockets are not the gateway's.
 *
 * A Cloud that already answers on the port is never reused. `multiclaw start` supervises what it starts and
 * restarts it when it dies; a Cloud started elsewhere can stop under the gateway it signs in, and nothing over
 * HTTP tells which data directory a Cloud serves (its health check says only its version), so the gateway
 * could end up signed in to a stranger's Cloud. It is named instead: this data directory's own (its pid file
 * says a `multiclaw start` of it still runs), another MultiClaw Cloud, or another program.
 */

export interface EmbeddedCloud {
  readonly url: string;
  readonly pid: number;
  /** Resolves when the process exits, however it ends. */
  readonly exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export interface EmbeddedCloudOptions {
  /** The Cloud's MULTICLAW_HOME; its own default data directory when undefined. */
  home: string | undefined;
  port: number;
  logFile: string;
  /** Names the running Cloud's pid while it runs, so another start of the same data directory can tell. */
  pidFile: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Stops waiting for it (Ctrl-C during the start); the child is killed. */
  signal?: AbortSignal;
}

/**
 * How the Cloud is run: its process entry, which runs the Cloud's bundle under plain Node (built when stale,
 * its sources through tsx if that fails; decision 0011).
 */
export function spawnCloudProcess(options: { env: NodeJS.ProcessEnv; log: number }): ChildProcess {
  const main = fileURLToPath(import.meta.resolve("@multiclaw/cloud/process"));
  return spawn(process.execPath, [main], {
    stdio: ["ignore", options.log, options.log],
    env: options.env,
  });
}

/** How long the Cloud gets to close its database after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

function pidIn(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Why the Cloud's port cannot be used, or undefined when it is free. */
async function cloudPortTaken(url: string, pidFile: string): Promise<string | undefined> {
  const holder = await cloudPortHolder(url);
  const where = hostPort(url);
  if (holder.kind === "nobody") return undefined;
  if (holder.kind === "cloud") {
    const ours = pidIn(pidFile);
    if (ours !== undefined) {
      return (
        `this data directory's Cloud already runs on ${where} (pid ${ours}): another \`multiclaw start\` ` +
        "of it is still running — stop that one first"
      );
    }
    return (
      `another MultiClaw Cloud (version ${holder.version}) is already listening on ${where} (not one ` +
      "this data directory's `multiclaw start` runs) — stop it, or set MULTICLAW_CLOUD_PORT"
    );
  }
  return `${where} is in use by another program (not a MultiClaw Cloud) — stop it, or set MULTICLAW_CLOUD_PORT`;
}

/*
 * The Cloud listens before its database is open and holds requests until it is (apps/cloud/src/http/starting-gate.ts),
 * so it is usable once it answers its liveness check: what is sent to it from then on is answered, not refused.
 */
async function listening(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** How often the start looks for the Cloud's answer: a loopback request costs well under a millisecond. */
const POLL_MS = 25;

/**
 * Starts the Cloud and resolves once it listens (requests then wait for its database, see above); a CliError
 * in the Cloud's own words if it does not.
 */
export async function startEmbeddedCloud(options: EmbeddedCloudOptions): Promise<EmbeddedCloud> {
  const url = `http://127.0.0.1:${options.port}`;
  const taken = await cloudPortTaken(url, options.pidFile);
  if (taken !== undefined) throw new CliError(`the Cloud cannot start: ${taken}`);
  mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
  const logStart = logSize(options.logFile);
  const log = openSync(options.logFile, "a", 0o600);
  const child = spawnCloudProcess({
    log,
    env: {
      ...options.env,
      ...(options.home ? { MULTICLAW_HOME: options.home } : {}),
      MULTICLAW_CLOUD_PORT: String(options.port),
    },
  });
  closeSync(log);
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      // Unless another start of this data directory has written its own Cloud's pid since.
      if (pidIn(options.pidFile) === undefined) rmSync(options.pidFile, { force: true });
      resolve(exit);
    }),
  );
  if (child.pid !== undefined) writeFileSync(options.pidFile, `${child.pid}\n`, { mode: 0o600 });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // Listening, and still running: an answer while our child has exited would be another process's.
  while (!((await listening(url)) && exit === undefined)) {
    if (exit !== undefined || Date.now() > deadline || options.signal?.aborted) {
      if (exit === undefined) {
        child.kill("SIGKILL");
        await exited;
        if (options.signal?.aborted) throw new CliError("interrupted while the Cloud was starting");
        throw processFailure(
          "the Cloud did not start",
          "it did not answer in time",
          options.logFile,
          logStart,
        );
      }
      throw processFailure("the Cloud did not start", describeExit(exit), options.logFile, logStart);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    url,
    pid: child.pid as number,
    exited,
    async stop() {
      if (exit !== undefined) return;
      child.kill("SIGTERM");
      const stuck = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(stuck);
    },
  };
}
