import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@multiclaw/cli/testing/free-port";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The App's one-time link as `npm start` prints it when it opens no window. */
const APP_LINK = /http:\/\/127\.0\.0\.1:\d+\/#code=[A-Za-z0-9_-]{43}/;

export interface RunningProduct {
  home: string;
  /** `http://127.0.0.1:<gateway port>`: the App's origin. */
  gatewayOrigin: string;
  cloudUrl: string;
  /** The link `npm start` printed. */
  firstLink: string;
  /** Everything `npm start` printed so far. */
  output(): string;
  /** A fresh one-time link, as `multiclaw app` gets one. */
  newAppLink(): Promise<string>;
  /** Ctrl-C, then the data directory goes. */
  close(): Promise<void>;
}

/**
 * `npm start` on an empty data directory, as a person runs it — the real CLI entry in a child process, with
 * its Cloud and gateway — told to open no window, so the test's own browser opens the printed link.
 */
export async function startProduct(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningProduct> {
  const home = await mkdtemp(join(tmpdir(), "multiclaw-app-"));
  const [cloudPort, gatewayPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    MULTICLAW_HOME: home,
    MULTICLAW_CLOUD_PORT: String(cloudPort),
    MULTICLAW_GATEWAY_PORT: String(gatewayPort),
    MULTICLAW_NO_OPEN: "1",
    ...extraEnv,
  };
  const child = spawn(process.execPath, [join(repositoryRoot, "apps/cli/bin/multiclaw.js"), "start"], {
    cwd: repositoryRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  const close = async () => {
    await stop(child);
    // What a failed stop left running (the gateway runs detached) goes before its directory does.
    for (const pidFile of ["gateway.pid", "cloud.pid"]) await killRecorded(join(home, "gateway", pidFile));
    await rm(home, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => APP_LINK.test(output) && output.includes("Stop with Ctrl-C"),
      child,
      () => output,
    );
  } catch (error) {
    await close();
    throw error;
  }
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  const tokenFile = join(home, "gateway", "api-token");
  return {
    home,
    gatewayOrigin,
    cloudUrl: `http://127.0.0.1:${cloudPort}`,
    firstLink: APP_LINK.exec(output)?.[0] ?? "",
    output: () => output,
    async newAppLink() {
      const token = (await readFile(tokenFile, "utf8")).trim();
      const response = await fetch(`${gatewayOrigin}/v1/app/codes`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok)
        throw new Error(`createAppCode answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { url: string }).url;
    },
    close,
  };
}

async function waitFor(done: () => boolean, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!done()) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print the App's link:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ctrl-C as a person gives it; SIGKILL if the product does not stop within 20 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

async function killRecorded(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone: the normal case after a clean stop.
  }
}
