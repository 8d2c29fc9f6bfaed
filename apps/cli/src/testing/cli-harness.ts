import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { gatewayPaths } from "@multiclaw/gateway/paths";
import {
  type FakeGateway,
  startTestLocalApi,
  type TestLocalApi,
} from "@multiclaw/gateway/testing/fake-local-api";
import type { LaunchDetached } from "../app-window/launch-detached.ts";
import { runCli } from "../cli.ts";
import { backgroundGatewayProcess, type GatewayProcessControl } from "../cli-context.ts";

/*
 * Runs `multiclaw` commands in-process against the gateway's real local API server (over the in-memory fake
 * gateway), on 127.0.0.1 with a temp MULTICLAW_HOME that holds its token file, as the CLI would find a real one.
 */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunningCommand {
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves once stdout matches. */
  waitForStdout(pattern: RegExp): Promise<void>;
  readonly result: Promise<CliResult>;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  /** Piped stdin; an empty, ended stream when omitted. */
  stdin?: string;
  signal?: AbortSignal;
  gatewayProcess?: GatewayProcessControl;
  /** How `app` and `start` open a browser; by default a test that tries fails loudly (noBrowserLaunch). */
  launchBrowser?: LaunchDetached;
}

/** Refuses to start anything: tests that expect no start fail loudly if the CLI tries one. */
export const noBackgroundStart: GatewayProcessControl = {
  ...backgroundGatewayProcess,
  start: async () => {
    throw new Error("this test does not expect the CLI to start a gateway");
  },
  stop: async () => {
    throw new Error("this test does not expect the CLI to stop a gateway");
  },
};

/** Refuses to open a browser: a test that means to open one passes a recording launcher instead. */
export const noBrowserLaunch: LaunchDetached = async () => {
  throw new Error("this test does not expect the CLI to open a browser");
};

function collector() {
  let text = "";
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      for (const waiter of waiters) waiter();
      callback();
    },
  });
  return { stream, text: () => text, waiters };
}

/** Starts one command; the caller reads its output while it runs, and its result when it ends. */
export function startCommand(argv: readonly string[], options: CommandOptions = {}): RunningCommand {
  const stdout = collector();
  const stderr = collector();
  const result = runCli(argv, {
    env: options.env ?? {},
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    gatewayProcess: options.gatewayProcess ?? noBackgroundStart,
    launchBrowser: options.launchBrowser ?? noBrowserLaunch,
    loginPollIntervalMs: 10,
    ...(options.signal ? { signal: options.signal } : {}),
  }).then((code) => ({ code, stdout: stdout.text(), stderr: stderr.text() }));
  return {
    stdout: stdout.text,
    result,
    waitForStdout: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout.text())) return;
          stdout.waiters.delete(check);
          resolve();
        };
        stdout.waiters.add(check);
        check();
        result.then(() => {
          if (!pattern.test(stdout.text()))
            reject(new Error(`the command ended before stdout matched ${pattern}`));
        }, reject);
      }),
  };
}

export function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CliResult> {
  return startCommand(argv, options).result;
}

export interface CliTestGateway {
  api: TestLocalApi;
  fake: FakeGateway;
  /** MULTICLAW_HOME and MULTICLAW_GATEWAY_PORT of this gateway. */
  env: NodeJS.ProcessEnv;
  run(argv: readonly string[], options?: Omit<CommandOptions, "env">): Promise<CliResult>;
  start(argv: readonly string[], options?: Omit<CommandOptions, "env">): RunningCommand;
  close(): Promise<void>;
}

/** The local API over a fake gateway, and the environment under which the CLI finds it. */
export async function startCliTestGateway(): Promise<CliTestGateway> {
  const api = await startTestLocalApi();
  const env = { MULTICLAW_HOME: api.directory, MULTICLAW_GATEWAY_PORT: String(api.running.port) };
  if (gatewayPaths(env).apiTokenFile !== api.running.tokenFile) {
    await api.close();
    throw new Error("the test API's token file is not where the gateway's paths put it");
  }
  return {
    api,
    fake: api.fake,
    env,
    run: (argv, options) => runCommand(argv, { ...options, env }),
    start: (argv, options) => startCommand(argv, { ...options, env }),
    close: () => api.close(),
  };
}

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A fresh MULTICLAW_HOME with nothing in it; removed by the returned function. */
export async function emptyHome(): Promise<{ home: string; remove(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "multiclaw-cli-"));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}
