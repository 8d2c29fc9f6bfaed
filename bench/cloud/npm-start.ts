import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { monotonicMs, sleep } from "../fanout/clock.ts";
import { freePort } from "../fanout/free-port.ts";

/*
 * `npm start` as a person runs it: npm in the repository, in a terminal's process group of its own; stopped as
 * Ctrl-C stops it (SIGINT to the whole group). What is timed is what the person waits for.
 */

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface NpmStartRecord {
  name: string;
  trial: number;
  /** spawn → "Starting the MultiClaw Cloud…": npm and the CLI's own start. */
  cliStartedMs: number;
  /**
   * spawn → the Cloud's /readyz answers (probed every 50 ms, also after "running": the CLI says so once the
   * Cloud listens, and the Cloud holds requests until its database is open).
   */
  cloudReadyMs: number;
  /** spawn → "MultiClaw is running." */
  runningMs: number;
}

/**
 * Runs `npm start` with MULTICLAW_HOME=`home`, times it to "MultiClaw is running", and stops it. `extraEnv`
 * selects a variant (e.g. the Cloud through tsx).
 */
export async function measureNpmStart(
  name: string,
  trial: number,
  home: string,
  extraEnv: Record<string, string> = {},
): Promise<NpmStartRecord> {
  const [cloudPort, gatewayPort] = [await freePort(), await freePort()];
  const spawnedAt = monotonicMs();
  const child = spawn("npm", ["start"], {
    cwd: repositoryRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      MULTICLAW_HOME: home,
      MULTICLAW_CLOUD_PORT: String(cloudPort),
      MULTICLAW_GATEWAY_PORT: String(gatewayPort),
      // npm would otherwise ask the registry for its own newer version during the measured start.
      npm_config_update_notifier: "false",
      ...extraEnv,
    },
  });
  let output = "";
  let cliStartedMs = Number.NaN;
  let cloudReadyMs = Number.NaN;
  let runningMs = Number.NaN;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    const now = monotonicMs() - spawnedAt;
    if (Number.isNaN(cliStartedMs) && output.includes("Starting the MultiClaw Cloud")) cliStartedMs = now;
    if (Number.isNaN(runningMs) && output.includes("MultiClaw is running")) runningMs = now;
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const probeCloud = async () => {
    // Past "running" too: the CLI says so once the Cloud listens, and the Cloud opens its database after.
    const deadline = Date.now() + 60_000;
    while (Number.isNaN(cloudReadyMs) && child.exitCode === null && Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${cloudPort}/readyz`, {
        signal: AbortSignal.timeout(500),
      }).then(
        (answer) => answer.ok,
        () => false,
      );
      if (ok) cloudReadyMs = monotonicMs() - spawnedAt;
      else await sleep(50);
    }
  };
  const probing = probeCloud();
  try {
    const deadline = Date.now() + 180_000;
    while (Number.isNaN(runningMs)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start not running after 180 s:\n${output}`);
      await sleep(20);
    }
    // Everything it prints after "running" (the passphrase, the next steps) comes in the same moment.
    await sleep(500);
    await probing;
    return { name, trial, cliStartedMs, cloudReadyMs, runningMs };
  } finally {
    await stopGroup(child.pid as number, exited);
  }
}

/** Ctrl-C: SIGINT to the process group npm leads; SIGKILL to the group if it is still there after 30 s. */
async function stopGroup(leader: number, exited: Promise<void>): Promise<void> {
  try {
    process.kill(-leader, "SIGINT");
  } catch {
    return;
  }
  const stopped = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
  if (!stopped) process.kill(-leader, "SIGKILL");
  // The group outlives its leader while the CLI stops the Cloud and the gateway.
  for (let waited = 0; waited < 30_000 && groupAlive(leader); waited += 100) await sleep(100);
  if (groupAlive(leader)) process.kill(-leader, "SIGKILL");
}

function groupAlive(leader: number): boolean {
  try {
    process.kill(-leader, 0);
    return true;
  } catch {
    return false;
  }
}
