import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startCloud } from "@multiclaw/cloud";
import { gatewayPaths } from "@multiclaw/gateway/paths";
import { describe, expect, it } from "vitest";
import { cliGatewayPaths } from "../gateway-paths.ts";
import { alive, runningGatewayPid, startGatewayProcess, stopGatewayProcess } from "../gateway-process.ts";
import { startCommand } from "../testing/cli-harness.ts";
import { freePort } from "../testing/free-port.ts";
import { LOCAL_OWNER_EMAIL } from "./first-sign-in.ts";
import { somethingListens } from "./port-holder.ts";
import { startEmbedded } from "./start-embedded.ts";

async function statusOf(gatewayPort: number, tokenFile: string) {
  const token = (await readFile(tokenFile, "utf8")).trim();
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/v1/status`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as {
    signedIn: { account: { email: string } } | null;
    cloudLink: { state: string };
  };
}

async function userOf(gatewayPort: number, tokenFile: string): Promise<unknown> {
  const token = (await readFile(tokenFile, "utf8")).trim();
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/v1/user`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  context: () => Promise<string> | string = () => "",
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function emptyDataDirectory() {
  const home = await mkdtemp(join(tmpdir(), "multiclaw-start-"));
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    MULTICLAW_HOME: home,
    MULTICLAW_CLOUD_PORT: String(await freePort()),
    MULTICLAW_GATEWAY_PORT: String(await freePort()),
    // `multiclaw start` opens the App once signed in: these print its link instead of popping a browser.
    MULTICLAW_NO_OPEN: "1",
  };
  const paths = cliGatewayPaths(env);
  const cloudPidFile = join(dirname(paths.logFile), "cloud.pid");
  return {
    home,
    env,
    paths,
    cloudLog: join(dirname(paths.logFile), "cloud.log"),
    cloudPid: async () => Number((await readFile(cloudPidFile, "utf8")).trim()),
    /** Whatever a failed test left running is killed, then the directory goes. */
    async remove() {
      const gateway = runningGatewayPid(paths);
      if (gateway !== undefined) process.kill(gateway, "SIGKILL");
      const cloud = await this.cloudPid().catch(() => undefined);
      if (cloud !== undefined && alive(cloud)) process.kill(cloud, "SIGKILL");
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** `multiclaw start` through runCli, as a person runs it; Ctrl-C through `stop()`. */
function runStart(env: NodeJS.ProcessEnv) {
  const interrupt = new AbortController();
  const running = startCommand(["start"], { env, signal: interrupt.signal });
  return { ...running, stop: () => interrupt.abort() };
}

describe("multiclaw start (npm start)", () => {
  it("runs a Cloud and a gateway signed in to it, and a second start reuses the credential", async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-start-"));
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, MULTICLAW_HOME: home };
    const paths = cliGatewayPaths(env);
    try {
      for (const round of [1, 2]) {
        const [cloudPort, gatewayPort] = [await freePort(), await freePort()];
        let output = "";
        let stop: () => void = () => undefined;
        const untilStopped = new Promise<void>((resolve) => {
          stop = resolve;
        });
        const running = startEmbedded({
          home,
          paths,
          cloudPort,
          gatewayPort,
          env,
          write: (text) => {
            output += text;
          },
          untilStopped,
        });
        const deadline = Date.now() + 90_000;
        while (!output.includes("Stop with Ctrl-C") && Date.now() < deadline) {
          await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 100))]);
        }
        expect(output).toContain("MultiClaw is running.");
        expect(output).toContain(`Signed in as ${LOCAL_OWNER_EMAIL}`);
        if (round === 1) expect(output).toMatch(/passphrase: \S{20,}/);
        else expect(output).not.toContain("passphrase:");

        const status = await statusOf(gatewayPort, paths.apiTokenFile);
        expect(status.signedIn?.account.email).toBe(LOCAL_OWNER_EMAIL);
        // The owner is signed in as a user too (the first start knows the passphrase), so the terminal's
        // keys/agents/tasks/team commands work at once; the session outlives the start.
        const user = await userOf(gatewayPort, paths.apiTokenFile);
        expect(user).toMatchObject({ state: "signed-in", account: { email: LOCAL_OWNER_EMAIL } });
        expect(output).toContain(`you act as ${LOCAL_OWNER_EMAIL}`);
        expect(output).toContain("npx multiclaw keys set openai");
        expect(output).toContain(`MULTICLAW_HOME=${home}`);
        expect(output).toContain("multiclaw agents create");
        // Without an opener (only `multiclaw start` has one) the App is named first, the terminal after it.
        expect(output).toContain(
          `Open the app with \`MULTICLAW_HOME=${home} MULTICLAW_GATEWAY_PORT=${gatewayPort} npx multiclaw app\``,
        );
        expect(output.indexOf("npx multiclaw app")).toBeLessThan(output.indexOf("npx multiclaw keys set"));
        const credential = gatewayPaths(env).credentialsFile;
        expect((await stat(credential)).mode & 0o777).toBe(0o600);
        expect(await readFile(credential, "utf8")).not.toContain("mca_");

        stop();
        await running;
        expect(runningGatewayPid(paths)).toBeUndefined();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 240_000);

  it("tells the gateway of its approval, so the first sign-in does not wait out the Cloud's poll interval", async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-start-"));
    // A Cloud that asks devices to poll once a minute: the gateway's first poll finds the code pending, and
    // without being told of the approval it would ask again only a minute later.
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      MULTICLAW_HOME: home,
      MULTICLAW_DEVICE_POLL_INTERVAL_SECONDS: "60",
    };
    const paths = cliGatewayPaths(env);
    let output = "";
    let stop: () => void = () => undefined;
    const untilStopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    try {
      const running = startEmbedded({
        home,
        paths,
        cloudPort: await freePort(),
        gatewayPort: await freePort(),
        env,
        write: (text) => {
          output += text;
        },
        untilStopped,
      });
      const deadline = Date.now() + 45_000;
      while (!output.includes("Stop with Ctrl-C") && Date.now() < deadline) {
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
      expect(output).toContain(`Signed in as ${LOCAL_OWNER_EMAIL}`);
      stop();
      await running;
    } finally {
      stop();
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);

  it("names another data directory's gateway on its port, stops its Cloud and exits non-zero", async () => {
    const ours = await emptyDataDirectory();
    const theirs = await emptyDataDirectory();
    const port = ours.env.MULTICLAW_GATEWAY_PORT;
    try {
      // A real gateway of another MULTICLAW_HOME on the port this start wants.
      await startGatewayProcess({
        paths: theirs.paths,
        apiOrigin: `http://127.0.0.1:${port}`,
        env: { ...theirs.env, MULTICLAW_GATEWAY_PORT: port },
      });

      const result = await runStart(ours.env).result;

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `the gateway cannot start: another MultiClaw gateway is already listening on 127.0.0.1:${port} ` +
          "(not this data directory's) — stop it, or set MULTICLAW_GATEWAY_PORT\n",
      );
      expect(result.stdout).toBe("Starting the MultiClaw Cloud and the gateway…\n\nStopping the Cloud…\n");
      // The Cloud it started is gone; the other gateway still runs.
      expect(await somethingListens(Number(ours.env.MULTICLAW_CLOUD_PORT))).toBe(false);
      expect(runningGatewayPid(theirs.paths)).toBeDefined();
    } finally {
      await stopGatewayProcess(theirs.paths);
      await ours.remove();
      await theirs.remove();
    }
  }, 120_000);

  it("names what holds the Cloud's port, another program or another MultiClaw Cloud, and exits non-zero", async () => {
    const dir = await emptyDataDirectory();
    const port = Number(dir.env.MULTICLAW_CLOUD_PORT);
    const program = createServer((_request, response) => response.writeHead(404).end());
    try {
      await new Promise<void>((resolve) => program.listen(port, "127.0.0.1", resolve));
      const byProgram = await runStart(dir.env).result;
      expect(byProgram).toEqual({
        code: 1,
        stdout: "Starting the MultiClaw Cloud and the gateway…\n\nStopping the gateway…\n",
        stderr:
          `the Cloud cannot start: 127.0.0.1:${port} is in use by another program (not a MultiClaw Cloud) ` +
          "— stop it, or set MULTICLAW_CLOUD_PORT\n",
      });
      await new Promise((resolve) => program.close(resolve));

      const otherHome = await mkdtemp(join(tmpdir(), "multiclaw-other-cloud-"));
      const other = await startCloud({ port, dataDir: otherHome, logLevel: "silent" });
      try {
        const { version } = (await (await fetch(`${other.url}/healthz`)).json()) as { version: string };
        const byCloud = await runStart(dir.env).result;
        expect(byCloud.code).toBe(1);
        expect(byCloud.stderr).toBe(
          `the Cloud cannot start: another MultiClaw Cloud (version ${version}) is already listening on ` +
            `127.0.0.1:${port} (not one this data directory's \`multiclaw start\` runs) — stop it, or set ` +
            "MULTICLAW_CLOUD_PORT\n",
        );
        // It was left alone.
        expect((await fetch(`${other.url}/readyz`)).ok).toBe(true);
      } finally {
        await other.close();
        await rm(otherHome, { recursive: true, force: true });
      }
    } finally {
      program.close();
      await dir.remove();
    }
  }, 120_000);

  it("says when the Cloud dies (which, why, its log) and brings it back", async () => {
    const dir = await emptyDataDirectory();
    const gatewayPort = Number(dir.env.MULTICLAW_GATEWAY_PORT);
    const start = runStart(dir.env);
    try {
      await start.waitForStdout(/Stop with Ctrl-C/);
      // MULTICLAW_NO_OPEN: the App's one-time link from the gateway, printed instead of a window.
      expect(start.stdout()).toMatch(
        new RegExp(
          `\n  Open MultiClaw in a browser on this machine: http://127\\.0\\.0\\.1:${gatewayPort}/#code=[\\w-]{43}\n` +
            "  This link works once, within 2 minutes; `.*npx multiclaw app` makes a new one.\n",
        ),
      );
      const gatewayPid = runningGatewayPid(dir.paths);
      const cloudPid = await dir.cloudPid();
      process.kill(cloudPid, "SIGKILL");

      await start.waitForStdout(/The Cloud is running again \(pid \d+\)/);
      expect(start.stdout()).toContain(
        `The Cloud (pid ${cloudPid}) exited: killed by SIGKILL.\n  its log: ${dir.cloudLog}\n` +
          "  Restarting it in 1 s (restart 1 of at most 5 within 60 s)…\n",
      );
      // The gateway (still the same process) links to the new Cloud again.
      await waitUntil("the gateway's link to reconnect", async () => {
        const status = await statusOf(gatewayPort, dir.paths.apiTokenFile);
        return status.cloudLink.state === "connected";
      });
      expect(runningGatewayPid(dir.paths)).toBe(gatewayPid);

      start.stop();
      expect((await start.result).code).toBe(0);
      expect(runningGatewayPid(dir.paths)).toBeUndefined();
      expect(await somethingListens(Number(dir.env.MULTICLAW_CLOUD_PORT))).toBe(false);
    } finally {
      start.stop();
      await start.result;
      await dir.remove();
    }
  }, 180_000);

  it("says when the gateway dies (which, why, its log) and brings it back, signed in", async () => {
    const dir = await emptyDataDirectory();
    const gatewayPort = Number(dir.env.MULTICLAW_GATEWAY_PORT);
    const start = runStart(dir.env);
    try {
      await start.waitForStdout(/Stop with Ctrl-C/);
      const gatewayPid = runningGatewayPid(dir.paths) as number;
      process.kill(gatewayPid, "SIGKILL");

      await start.waitForStdout(/The gateway is running again \(pid \d+\)/);
      expect(start.stdout()).toContain(
        `The gateway (pid ${gatewayPid}) exited: killed by SIGKILL.\n  its log: ${dir.paths.logFile}\n`,
      );
      const newPid = runningGatewayPid(dir.paths);
      expect(newPid).not.toBe(gatewayPid);
      await waitUntil(
        "the new gateway's link to connect",
        async () => {
          const status = await statusOf(gatewayPort, dir.paths.apiTokenFile);
          return (
            status.cloudLink.state === "connected" && status.signedIn?.account.email === LOCAL_OWNER_EMAIL
          );
        },
        60_000,
        async () =>
          `${JSON.stringify(await statusOf(gatewayPort, dir.paths.apiTokenFile))}\n${start.stdout()}\n` +
          (await readFile(dir.paths.logFile, "utf8")).slice(-3000),
      );

      start.stop();
      expect((await start.result).code).toBe(0);
      expect(newPid !== undefined && alive(newPid)).toBe(false);
    } finally {
      start.stop();
      await start.result;
      await dir.remove();
    }
  }, 180_000);

  it("gives up on a process that keeps dying: stops everything it started and fails saying why", async () => {
    const dir = await emptyDataDirectory();
    let output = "";
    const running = startEmbedded({
      home: dir.home,
      paths: dir.paths,
      cloudPort: Number(dir.env.MULTICLAW_CLOUD_PORT),
      gatewayPort: Number(dir.env.MULTICLAW_GATEWAY_PORT),
      env: dir.env,
      write: (text) => {
        output += text;
      },
      untilStopped: new Promise<void>(() => undefined),
      restartPolicy: { maxRestarts: 0, windowMs: 60_000, firstDelayMs: 10, maxDelayMs: 10 },
    });
    const failed = running.then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    try {
      await waitUntil("the start", () => output.includes("Stop with Ctrl-C"), 90_000);
      const gatewayPid = runningGatewayPid(dir.paths) as number;
      const cloudPid = await dir.cloudPid();
      process.kill(cloudPid, "SIGKILL");

      const error = await failed;
      expect(error?.message).toBe(
        `The Cloud (pid ${cloudPid}) exited: killed by SIGKILL.\n  its log: ${dir.cloudLog}\n` +
          "The Cloud exited 1 time within 60 s (0 restarts allowed); gave up and stopped everything " +
          "`multiclaw start` started.",
      );
      expect(output).toMatch(/Stopping the gateway and the Cloud…\n$/);
      expect(alive(gatewayPid)).toBe(false);
    } finally {
      await failed;
      await dir.remove();
    }
  }, 180_000);
});
