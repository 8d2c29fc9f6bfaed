import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createGatewayClient, type GatewayClient } from "@multiclaw/gateway-client";
import WebSocket from "ws";
import { gatewayPaths } from "../paths.ts";
import { closedPort } from "./closed-port.ts";

/*
 * A real gateway process for whole-flow tests: the launcher `multiclaw gateway start` runs (so the bundle the
 * test run's global setup built), its own MULTICLAW_HOME, its egress guard installed process-wide. The test
 * talks to it only through the local API, as the CLI and the app do.
 */

export interface GatewayProcess {
  readonly url: string;
  readonly home: string;
  readonly client: GatewayClient;
  readonly pid: number;
  /** Everything the process printed (its log). */
  output(): string;
  /** Sends a signal and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function spawnGatewayProcess(options: {
  home: string;
  cloudUrl: string;
  env?: Record<string, string>;
  /** Options for Node itself, before the launcher (a `--require` probe, say). */
  nodeArgs?: string[];
}): Promise<GatewayProcess> {
  // A port nothing listens on now: the gateway takes it.
  const port = await closedPort();
  const main = fileURLToPath(new URL("../../bin/multiclaw-gateway.mjs", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
    env: {
      // The tunables `multiclaw gateway start` adds (bin/process-env.json).
      ...(JSON.parse(readFileSync(new URL("../../bin/process-env.json", import.meta.url), "utf8")) as object),
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: options.home,
      MULTICLAW_HOME: options.home,
      MULTICLAW_GATEWAY_PORT: String(port),
      MULTICLAW_CLOUD_URL: options.cloudUrl,
      MULTICLAW_LOG_LEVEL: "debug",
      // No update check at start: a test that wants one says so (and points it at a stand-in).
      MULTICLAW_UPDATE_CHECK: "manual",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`${url}/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the gateway did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const token = (await readFile(gatewayPaths({ MULTICLAW_HOME: options.home }).apiTokenFile, "utf8")).trim();
  const client = createGatewayClient({
    baseUrl: url,
    token,
    fetch: (input, init) => fetch(input, init),
    openWebSocket: (socketUrl) => new WebSocket(socketUrl) as never,
  });
  return {
    url,
    home: options.home,
    client,
    pid: child.pid as number,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
