import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backgroundGatewayProcess, type GatewayProcessControl } from "../cli-context.ts";
import { cliGatewayPaths } from "../gateway-paths.ts";
import {
  type CliTestGateway,
  closedPort,
  emptyHome,
  runCommand,
  startCliTestGateway,
} from "../testing/cli-harness.ts";

describe("multiclaw gateway, with a gateway running", () => {
  let gateway: CliTestGateway;
  beforeEach(async () => {
    gateway = await startCliTestGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it("status says it runs, with the pid and version it reports and its API address", async () => {
    const result = await gateway.run(["gateway", "status"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `running, pid ${process.pid}, version 0.1.0-test, local API at http://127.0.0.1:${gateway.api.running.port}\n`,
    );
    const json = await gateway.run(["gateway", "status", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      running: true,
      pid: process.pid,
      url: `http://127.0.0.1:${gateway.api.running.port}`,
      version: "0.1.0-test",
      answering: true,
    });
  });

  it("stop refuses a gateway it did not start (no pid file)", async () => {
    const result = await gateway.run(["gateway", "stop"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^CONFLICT: the gateway at http:\/\/127\.0\.0\.1:\d+ was not started by/);
  });

  it("start leaves a gateway that already answers alone", async () => {
    const result = await gateway.run(["gateway", "start"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("A gateway already runs at http://127.0.0.1:");
  });

  it("start fails naming another data directory's gateway on the port", async () => {
    const other = await emptyHome();
    try {
      const port = gateway.api.running.port;
      const result = await runCommand(["gateway", "start"], {
        env: { MULTICLAW_HOME: other.home, MULTICLAW_GATEWAY_PORT: String(port) },
      });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr:
          `the gateway cannot start: another MultiClaw gateway is already listening on 127.0.0.1:${port} ` +
          "(not this data directory's) — stop it, or set MULTICLAW_GATEWAY_PORT\n",
      });
    } finally {
      await other.remove();
    }
  });
});

describe("multiclaw gateway start, with another program on the port", () => {
  it("fails saying the port is taken by a program that is not a gateway", async () => {
    const home = await emptyHome();
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await runCommand(["gateway", "start"], {
        env: { MULTICLAW_HOME: home.home, MULTICLAW_GATEWAY_PORT: String(port) },
        gatewayProcess: backgroundGatewayProcess,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        "Starting the gateway…\n" +
          `the gateway cannot start: 127.0.0.1:${port} is in use by another program (not a MultiClaw gateway) ` +
          "— stop it, or set MULTICLAW_GATEWAY_PORT\n",
      );
    } finally {
      server.close();
      await home.remove();
    }
  });
});

describe("multiclaw gateway, with none running", () => {
  let home: Awaited<ReturnType<typeof emptyHome>>;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await emptyHome();
    env = { MULTICLAW_HOME: home.home, MULTICLAW_GATEWAY_PORT: String(await closedPort()) };
  });
  afterEach(async () => {
    await home.remove();
  });

  it("status says it is not running and exits 3", async () => {
    const result = await runCommand(["gateway", "status"], { env });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^not running \(nothing answers at http:\/\/127\.0\.0\.1:\d+\); start it with/,
    );
  });

  it("status tells apart a process that is alive but does not answer", async () => {
    const paths = cliGatewayPaths(env);
    await mkdir(dirname(paths.pidFile), { recursive: true });
    await writeFile(paths.pidFile, `${process.pid}\n`);
    const result = await runCommand(["gateway", "status"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`not answering: pid ${process.pid} is alive`);
  });

  it("stop has nothing to do", async () => {
    const result = await runCommand(["gateway", "stop"], { env });
    expect(result).toMatchObject({ code: 0, stdout: "The gateway is not running.\n" });
  });

  it("start starts it in the background and prints its pid and API address", async () => {
    const calls: unknown[] = [];
    const gatewayProcess: GatewayProcessControl = {
      ...backgroundGatewayProcess,
      start: async (options) => {
        calls.push(options);
        return { pid: 4242, alreadyRunning: false };
      },
    };
    const result = await runCommand(["gateway", "start"], { env, gatewayProcess });
    expect(result.code).toBe(0);
    const url = `http://127.0.0.1:${env.MULTICLAW_GATEWAY_PORT}`;
    expect(result.stdout).toBe(`Gateway started (pid 4242), local API at ${url}\n`);
    expect(result.stderr).toContain(`log: ${cliGatewayPaths(env).logFile}`);
    expect(calls).toEqual([{ paths: cliGatewayPaths(env), apiOrigin: url, env }]);
  });
});
