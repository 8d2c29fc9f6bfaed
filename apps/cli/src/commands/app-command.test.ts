import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import type { AppCode } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LaunchRequest, LaunchResult } from "../app-window/launch-detached.ts";
import { runCli } from "../cli.ts";
import { cliGatewayPaths } from "../gateway-paths.ts";
import { closedPort } from "../testing/cli-harness.ts";

/*
 * `multiclaw app` against a stand-in gateway that speaks the local API's wire format for the two routes the
 * command uses (health, createAppCode), with the real gateway client in between; the browser launcher records.
 */

const TOKEN = "test-api-token";
const CODE = "Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh";

interface StandInGateway {
  server: Server;
  port: number;
  /** The Authorization header of each code request. */
  codeRequests: Array<string | undefined>;
  /** false: answers 404 for the App's route, as a gateway from before the App does. */
  servesApp: boolean;
}

let home: string;
let bin: string;
let gateway: StandInGateway;

async function startStandInGateway(): Promise<StandInGateway> {
  const state = { codeRequests: [] as Array<string | undefined>, servesApp: true };
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/v1/health") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (request.method === "POST" && request.url === "/v1/app/codes" && state.servesApp) {
      state.codeRequests.push(request.headers.authorization);
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        response.writeHead(401).end();
        return;
      }
      const port = (server.address() as { port: number }).port;
      const body: AppCode = {
        code: CODE,
        url: `http://127.0.0.1:${port}/#code=${CODE}`,
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
      };
      response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, { server, port });
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "multiclaw-app-command-"));
  bin = join(home, "bin");
  await mkdir(bin);
  gateway = await startStandInGateway();
  const tokenFile = cliGatewayPaths({ MULTICLAW_HOME: home }).apiTokenFile;
  await mkdir(dirname(tokenFile), { recursive: true });
  await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
});
afterEach(async () => {
  await new Promise((resolve) => gateway.server.close(resolve));
  await rm(home, { recursive: true, force: true });
});

async function install(name: string): Promise<string> {
  await writeFile(join(bin, name), "#!/bin/sh\nexit 0\n");
  await chmod(join(bin, name), 0o755);
  return join(bin, name);
}

async function runApp(argv: string[], env: NodeJS.ProcessEnv = {}, result: LaunchResult = { started: true }) {
  const launches: LaunchRequest[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const collected = { stdout: "", stderr: "" };
  stdout.on("data", (chunk: Buffer) => {
    collected.stdout += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    collected.stderr += chunk.toString();
  });
  const code = await runCli(["app", ...argv], {
    env: {
      PATH: bin,
      DISPLAY: ":0",
      MULTICLAW_HOME: home,
      MULTICLAW_GATEWAY_PORT: String(gateway.port),
      ...env,
    },
    stdout,
    stderr,
    stdin: Readable.from([]),
    launchBrowser: async (request) => {
      launches.push(request);
      return result;
    },
  });
  return { code, ...collected, launches };
}

const linkPattern = () => new RegExp(`^http://127\\.0\\.0\\.1:${gateway.port}/#code=${CODE}$`);

describe("multiclaw app", () => {
  it("opens the App in Chromium as an app window with a one-time link, and says so in one line", async () => {
    const chromium = await install("chromium");
    await install("xdg-open");
    const result = await runApp([]);
    expect(result).toMatchObject({
      code: 0,
      stdout: "Opened MultiClaw in Chromium (app window).\n",
      stderr: "",
    });
    expect(gateway.codeRequests).toEqual([`Bearer ${TOKEN}`]);
    expect(result.launches).toHaveLength(1);
    const [launch] = result.launches as [LaunchRequest];
    expect(launch.program).toBe(chromium);
    expect(launch.args).toEqual([
      `--app=http://127.0.0.1:${gateway.port}/#code=${CODE}`,
      `--user-data-dir=${join(home, "app-browser-profile")}`,
      "--no-first-run",
      "--no-default-browser-check",
    ]);
  });

  it("falls back to the default browser when no Chromium-family browser is installed", async () => {
    const xdgOpen = await install("xdg-open");
    const result = await runApp([]);
    expect(result.stdout).toBe("Opened MultiClaw in your default browser.\n");
    expect(result.launches.map((launch) => [launch.program, ...launch.args])).toEqual([
      [xdgOpen, `http://127.0.0.1:${gateway.port}/#code=${CODE}`],
    ]);
  });

  it("opens nothing with BROWSER=none, MULTICLAW_NO_OPEN=1 or --no-open, and prints the link", async () => {
    await install("chromium");
    for (const [argv, env] of [
      [[], { BROWSER: "none" }],
      [[], { MULTICLAW_NO_OPEN: "1" }],
      [["--no-open"], {}],
    ] as const) {
      const result = await runApp([...argv], env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      const [link, note, ...rest] = result.stdout.split("\n");
      expect(link?.replace("Open MultiClaw in a browser on this machine: ", "")).toMatch(linkPattern());
      expect(note).toBe("This link works once, within 2 minutes; `multiclaw app` makes a new one.");
      expect(rest).toEqual([""]);
      expect(result.launches).toEqual([]);
    }
  });

  it("prints only the link with --print-link, opening nothing", async () => {
    await install("chromium");
    const result = await runApp(["--print-link"]);
    expect(result).toMatchObject({ code: 0, stderr: "", launches: [] });
    expect(result.stdout.trimEnd()).toMatch(linkPattern());
    expect(result.stdout.endsWith("\n")).toBe(true);
  });

  it("prints the link, its expiry and what opened as JSON", async () => {
    await install("google-chrome");
    const opened = JSON.parse((await runApp(["--json"])).stdout);
    expect(opened).toEqual({
      url: `http://127.0.0.1:${gateway.port}/#code=${CODE}`,
      expiresAt: expect.any(String),
      opened: true,
      browser: "Google Chrome",
    });
    expect(Date.parse(opened.expiresAt)).toBeGreaterThan(Date.now());
    const notOpened = JSON.parse((await runApp(["--json", "--no-open"])).stdout);
    expect(notOpened).toMatchObject({ opened: false, browser: null });
    // Standard output stays JSON; why a browser failed goes to standard error.
    const failed = await runApp(["--json"], {}, { started: false, why: "chrome exited with code 1" });
    expect(JSON.parse(failed.stdout)).toMatchObject({ opened: false, browser: null });
    expect(failed.stderr).toBe("Could not open a browser: chrome exited with code 1.\n");
    await install("xdg-open");
    await rm(join(bin, "google-chrome"));
    expect(JSON.parse((await runApp(["--json"])).stdout)).toMatchObject({ opened: true, browser: "default" });
  });

  it("prints the link and why when the browser fails to start", async () => {
    await install("chromium");
    const result = await runApp([], {}, { started: false, why: "/usr/bin/chromium exited with code 1" });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("Could not open a browser: /usr/bin/chromium exited with code 1.\n");
    expect(
      result.stdout.split("\n")[0]?.replace("Open MultiClaw in a browser on this machine: ", ""),
    ).toMatch(linkPattern());
  });

  it("prints the link on a machine without a display (over SSH), saying why", async () => {
    await install("chromium");
    const result = await runApp([], { DISPLAY: "" });
    expect(result.stderr).toBe(
      "Could not open a browser: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n",
    );
    expect(result.stdout).toContain("/#code=");
    expect(result.launches).toEqual([]);
  });

  it("names the commands that start MultiClaw when no gateway runs, and opens nothing", async () => {
    await install("chromium");
    const port = await closedPort();
    const result = await runApp([], { MULTICLAW_GATEWAY_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `MultiClaw is not running (no gateway answers at http://127.0.0.1:${port}): start it with ` +
        "`multiclaw start` (`npm start` in the repository), or start only the gateway with " +
        "`multiclaw gateway start`\n",
    );
    expect(result.stdout).toBe("");
    expect(result.launches).toEqual([]);
  });

  it("says a gateway from before the App must be restarted", async () => {
    await install("chromium");
    gateway.servesApp = false;
    const result = await runApp([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "the running gateway has no app (it is older than this CLI): restart it with `multiclaw gateway stop` " +
        "and `multiclaw gateway start`\n",
    );
    expect(result.launches).toEqual([]);
  });
});
