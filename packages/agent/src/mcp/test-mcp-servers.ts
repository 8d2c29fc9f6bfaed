/*
 * Test helpers for the MCP host: the official servers from npm (run as processes, as a user would configure
 * them), the scripted misbehaving server, and ways to wait for a status and to find leftover processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { McpServerConfig } from "@multiclaw/protocol";
import type { McpHost } from "./mcp-host.ts";
import type { McpServerStatus, McpTiming } from "./server-supervisor.ts";

const require = createRequire(import.meta.url);

function binOf(packageName: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), "dist", "index.js");
}

/** The entry scripts of the official servers (devDependencies of this package). */
export const everythingServer = binOf("@modelcontextprotocol/server-everything");
export const filesystemServer = binOf("@modelcontextprotocol/server-filesystem");
export const scriptedServer = fileURLToPath(new URL("./test-scripted-server.mjs", import.meta.url));

/** A stdio server config running `script` with the current Node. */
export function stdioServer(
  script: string,
  args: string[] = [],
  extra: Partial<McpServerConfig> = {},
): McpServerConfig {
  return {
    command: process.execPath,
    args: [script, ...args],
    env: {},
    enabled: true,
    ...extra,
  } as McpServerConfig;
}

/** Short timings so that failures and restarts happen within a test. */
export const fastTiming: Partial<McpTiming> = {
  connectTimeoutMs: 10_000,
  callTimeoutMs: 5000,
  stopGraceMs: 300,
  backoff: { initialMs: 50, factor: 2, maxMs: 400, jitter: 0.2 },
  maxConsecutiveFailures: 8,
  stableAfterMs: 60_000,
};

/** Waits until `name`'s status satisfies `predicate`, or fails with the last status seen. */
export function waitForStatus(
  host: McpHost,
  name: string,
  predicate: (status: McpServerStatus) => boolean,
  timeoutMs = 15_000,
): Promise<McpServerStatus> {
  return new Promise((resolve, reject) => {
    const current = () => host.status().find((status) => status.name === name);
    const check = () => {
      const status = current();
      if (!status || !predicate(status)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(status);
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${name}; last status ${JSON.stringify(current())}`));
    }, timeoutMs);
    const unsubscribe = host.subscribe(check);
    check();
  });
}

/** Pids of this process's children whose command line contains `text` (Linux /proc). */
export function childProcesses(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(parent) !== process.pid || state === "Z") continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface RunningHttpServer {
  url: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * The official everything server in its Streamable HTTP mode, on a free port. It reads the port from PORT
 * (and listens on every interface; it has no host option).
 */
export async function startEverythingHttp(): Promise<RunningHttpServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [everythingServer, "streamableHttp"], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`everything server did not start: ${output}`)), 15_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening on port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`everything server exited with ${code}: ${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    process: child,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
