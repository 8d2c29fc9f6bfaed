import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
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

/**
 * Starts the gateway in the background unless it already runs. Resolves with its pid once the local API
 * answers; rejects with the tail of its log if it exits or does not come up in time.
 */
export async function startGatewayProcess(
  options: GatewayProcessOptions,
): Promise<{ pid: number; alreadyRunning: boolean }> {
  const existing = runningGatewayPid(options.paths);
  if (existing !== undefined && (await gatewayAnswers(options.apiOrigin))) {
    return { pid: existing, alreadyRunning: true };
  }
  mkdirSync(dirname(options.paths.logFile), { recursive: true, mode: 0o700 });
  const log = openSync(options.paths.logFile, "a", 0o600);
  // The gateway's own launcher: its bundle under plain Node, rebuilt first when the sources changed.
  const main = fileURLToPath(import.meta.resolve("@multiclaw/gateway/process"));
  const child = spawn(process.execPath, [main], {
    detached: true,
    stdio: ["ignore", log, log],
    env: gatewayProcessEnv(options.env ?? process.env),
  });
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? 1;
  });
  child.unref();
  const up = await waitFor(
    async () => exited !== null || (await gatewayAnswers(options.apiOrigin)),
    options.startTimeoutMs ?? 20_000,
  );
  if (!up || exited !== null || child.pid === undefined) {
    if (exited === null) child.kill("SIGTERM");
    throw new Error(`the gateway did not start; its log says:\n${logTail(options.paths.logFile)}`);
  }
  return { pid: child.pid, alreadyRunning: false };
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

function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
