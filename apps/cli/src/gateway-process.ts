import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "./cli-error.ts";
import { errorLinesOf, logSize } from "./embedded/log-error-lines.ts";
import { gatewayPortHolder, gatewayPortTaken } from "./embedded/port-holder.ts";
import type { CliGatewayPaths } from "./gateway-paths.ts";

/*
 * `multiclaw gateway start | stop`: the gateway runs as its own background process (it must outlive the
 * terminal), found again through its pid file and its local API.
 */

export interface GatewayProcessOptions {
  paths: CliGatewayPaths;
  /** The local API's origin, e.g. http://127.0.0.1:4801. */
  apiOrigin: string;
  env?: NodeJS.ProcessEnv;
  /** How long start waits for the API to answer. */
  startTimeoutMs?: number;
}

/**
 * The environment the gateway process starts with: the caller's, plus the gateway's process tunables
 * (apps/gateway/bin/process-env.json, read by the C library at start), unless the caller set them.
 */
export function gatewayProcessEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = fileURLToPath(import.meta.resolve("@multiclaw/gateway/process-env"));
  const tunables = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  return { ...tunables, ...base };
}

/** The pid in the pid file if that process is alive. */
export function runningGatewayPid(paths: CliGatewayPaths): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(paths.pidFile, "utf8").trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Whether the local API answers its health check. */
export async function gatewayAnswers(apiOrigin: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiOrigin}/v1/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** "exit code 1", "killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? "unknown"}`;
}

export interface StartedGateway {
  pid: number;
  /** It ran before this call (its pid file names it and it answers); it was not started here. */
  alreadyRunning: boolean;
  /**
   * When it was started here: resolves when it exits. Detached, it is still this process's child (setsid
   * does not change the parent), so its exit code or signal is known for as long as this process runs.
   */
  exited?: Promise<ProcessExit>;
}

/**
 * Starts the gateway in the background unless it already runs. Resolves with its pid once its local API
 * answers (and its pid file names it: something else may answer on the port meanwhile); rejects with a
 * CliError saying who holds the port, or the gateway's own last error line and its log's path, if it exits or
 * does not come up in time.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<StartedGateway> {
  const existing = runningGatewayPid(options.paths);
  if (existing !== undefined && (await gatewayAnswers(options.apiOrigin))) {
    return { pid: existing, alreadyRunning: true };
  }
  const taken = gatewayPortTaken(
    await gatewayPortHolder(options.apiOrigin, options.paths.apiTokenFile),
    options.apiOrigin,
  );
  if (taken !== undefined) throw new CliError(`the gateway cannot start: ${taken}`);
  mkdirSync(dirname(options.paths.logFile), { recursive: true, mode: 0o700 });
  const logStart = logSize(options.paths.logFile);
  const log = openSync(options.paths.logFile, "a", 0o600);
  const child = spawn(process.execPath, [gatewayLauncher()], {
    detached: true,
    stdio: ["ignore", log, log],
    env: gatewayProcessEnv(options.env ?? process.env),
  });
  closeSync(log);
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  child.unref();
  const pid = child.pid;
  const up = await waitFor(
    async () =>
      exit !== undefined ||
      (pid !== undefined &&
        runningGatewayPid(options.paths) === pid &&
        (await gatewayAnswers(options.apiOrigin))),
    options.startTimeoutMs ?? 20_000,
  );
  if (!up || exit !== undefined || pid === undefined) {
    if (exit === undefined) child.kill("SIGKILL");
    const why = exit === undefined ? "it did not answer in time" : describeExit(exit);
    throw processFailure("the gateway did not start", why, options.paths.logFile, logStart);
  }
  return { pid, alreadyRunning: false, exited };
}

/** The gateway's own launcher: its bundle under plain Node, rebuilt first when the sources changed. */
function gatewayLauncher(): string {
  return fileURLToPath(import.meta.resolve("@multiclaw/gateway/process"));
}

/**
 * A process that did not start or died, told in its own words: what happened, why (its exit), the last error
 * line(s) of its log written since `logStart`, and where the whole log is.
 */
export function processFailure(what: string, why: string, logFile: string, logStart: number): CliError {
  const said = errorLinesOf(logFile, logStart);
  const lines = [`${what} (${why})${said.length > 0 ? ":" : ""}`, ...said.map((line) => `  ${line}`)];
  lines.push(`  its log: ${logFile}`);
  return new CliError(lines.join("\n"));
}

/** Stops the gateway (SIGTERM, then SIGKILL after the timeout). Resolves false if it was not running. */
export async function stopGatewayProcess(paths: CliGatewayPaths, timeoutMs = 10_000): Promise<boolean> {
  const pid = runningGatewayPid(paths);
  if (pid === undefined) return false;
  process.kill(pid, "SIGTERM");
  const gone = await waitFor(() => runningGatewayPid(paths) === undefined || !alive(pid), timeoutMs);
  if (!gone) {
    process.kill(pid, "SIGKILL");
    rmSync(paths.pidFile, { force: true });
  }
  return true;
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
