import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repositoryRoot } from "../architecture/workspace-sources.ts";
import { setupCommand } from "./prerequisites.ts";

const checkScript = "tests/prerequisites/check-prerequisites.ts";
const rootPackage = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8"));
const readme = readFileSync(join(repositoryRoot, "README.md"), "utf8");

interface CheckRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs the check as `npm test` does, in a child process, with some settings overridden. */
function runCheck(overrides: NodeJS.ProcessEnv): Promise<CheckRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", checkScript],
      { cwd: repositoryRoot, env: { ...process.env, ...overrides }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ exitCode, stdout, stderr, seconds: (performance.now() - started) / 1000 });
      },
    );
  });
}

const servers: Server[] = [];
const connections: Socket[] = [];
afterEach(async () => {
  // close() waits for open connections, and the check leaves a silent server's connections open when it gives up.
  for (const socket of connections.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback port nothing listens on: one the system just gave out and got back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts connections and never says a word, like a service stuck at start-up. */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => connections.push(socket));
  servers.push(server);
  return listen(server);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

describe("the test prerequisites check", () => {
  it("passes, and says so in one line, on a machine that has everything", async () => {
    const run = await runCheck({});

    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^Test prerequisites present: Node\.js [\d.]+, PostgreSQL, Redis, Chromium\.\n$/,
    );
  });

  it("stops within seconds when Chromium is missing, naming it and the command that installs it", async () => {
    const run = await runCheck({ MULTICLAW_CHROMIUM: "/nonexistent" });

    expect(run.exitCode).toBe(1);
    expect(run.seconds).toBeLessThan(10);
    expect(run.stderr).toContain("✗ Chromium at /nonexistent\n    no such file\n");
    expect(run.stderr).toContain("fix: sudo apt-get install chromium");
    expect(run.stderr).toContain("MULTICLAW_CHROMIUM");
    // Only what is missing is listed.
    expect(run.stderr).not.toMatch(/✗ (PostgreSQL|Redis|Node)/);
    expect(run.stdout).toBe("");
  });

  it("stops within seconds when nothing listens at the PostgreSQL URL, naming it and the setup command", async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;

    const run = await runCheck({ MULTICLAW_TEST_POSTGRES_URL: url });

    expect(run.exitCode).toBe(1);
    expect(run.seconds).toBeLessThan(10);
    expect(run.stderr).toContain(`✗ PostgreSQL at ${url}\n    connect ECONNREFUSED`);
    expect(run.stderr).toContain("fix: npm run test:setup");
    expect(run.stderr).toContain("MULTICLAW_TEST_POSTGRES_URL");
    expect(run.stderr).not.toMatch(/✗ (Chromium|Redis|Node)/);
  });

  it("stops within seconds when nothing listens at the Redis URL, naming it and the setup command", async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;

    const run = await runCheck({ MULTICLAW_TEST_REDIS_URL: url });

    expect(run.exitCode).toBe(1);
    expect(run.seconds).toBeLessThan(10);
    expect(run.stderr).toContain(`✗ Redis at ${url}\n    connect ECONNREFUSED`);
    expect(run.stderr).toContain("fix: npm run test:setup");
    expect(run.stderr).toContain("MULTICLAW_TEST_REDIS_URL");
    expect(run.stderr).not.toMatch(/✗ (Chromium|PostgreSQL|Node)/);
  });

  it("keeps a password in a service URL out of the message", async () => {
    const port = await closedPort();

    const run = await runCheck({
      MULTICLAW_TEST_POSTGRES_URL: `postgres://postgres:s3cret@127.0.0.1:${port}/postgres`,
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`✗ PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/postgres`);
    expect(run.stderr).not.toContain("s3cret");
  });

  it("gives up on servers that accept a connection and never answer, instead of waiting for them", async () => {
    const port = await silentServer();

    const run = await runCheck({
      MULTICLAW_TEST_POSTGRES_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      MULTICLAW_TEST_REDIS_URL: `redis://127.0.0.1:${port}`,
    });

    expect(run.exitCode).toBe(1);
    expect(run.seconds).toBeLessThan(10);
    expect(run.stderr).toContain("it needs 2 things this machine does not have");
    expect(run.stderr).toContain(
      `✗ PostgreSQL at postgres://postgres@127.0.0.1:${port}/postgres\n    no answer within 3 s\n`,
    );
    expect(run.stderr).toContain(`✗ Redis at redis://127.0.0.1:${port}\n    no answer within 3 s\n`);
  });

  it("runs first in `npm test`, before Biome, tsc and Vitest", () => {
    expect(rootPackage.scripts.test.split(" && ")[0]).toBe(`tsx ${checkScript}`);
  });

  it("points at a setup command that exists and that the README's test section names first", () => {
    const testSection = readme.slice(readme.indexOf("## Test it"), readme.indexOf("## Configuration"));

    expect(setupCommand).toBe("npm run test:setup");
    expect(rootPackage.scripts["test:setup"]).toBe(".ci/run --this-node-only");
    expect(testSection.match(/```sh\n(.*)\n```/)?.[1]).toBe(setupCommand);
  });
});
