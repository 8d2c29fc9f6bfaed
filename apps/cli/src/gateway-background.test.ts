import { readFileSync } from "node:fs";
import { tunablesByMajor } from "@multiclaw/gateway/node-tunables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backgroundGatewayProcess } from "./cli-context.ts";
import { cliGatewayPaths } from "./gateway-paths.ts";
import { gatewayProcessEnv } from "./gateway-process.ts";
import { closedPort, emptyHome, runCommand } from "./testing/cli-harness.ts";

/*
 * The one test of the real background process: `multiclaw gateway start` spawns the gateway (apps/gateway's
 * main), finds it again through its pid file and local API, and `stop` ends it.
 */
it("gives the gateway its process tunables, unless the caller set them", () => {
  expect(gatewayProcessEnv({ A: "1" })).toEqual({
    A: "1",
    MALLOC_MMAP_THRESHOLD_: "131072",
  });
  expect(gatewayProcessEnv({ MALLOC_MMAP_THRESHOLD_: "65536" }).MALLOC_MMAP_THRESHOLD_).toBe("65536");
});

describe("multiclaw gateway start | status | stop, with the real gateway", () => {
  let home: Awaited<ReturnType<typeof emptyHome>>;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await emptyHome();
    env = {
      PATH: process.env.PATH,
      MULTICLAW_HOME: home.home,
      MULTICLAW_GATEWAY_PORT: String(await closedPort()),
    };
  });
  afterEach(async () => {
    // Whatever the test's outcome, no gateway outlives it.
    const pid = backgroundGatewayProcess.runningPid(cliGatewayPaths(env));
    if (pid !== undefined) process.kill(pid, "SIGKILL");
    await home.remove();
  });

  it("starts it in the background, reports it, and stops it", { timeout: 60_000 }, async () => {
    const options = { env, gatewayProcess: backgroundGatewayProcess };
    const url = `http://127.0.0.1:${env.MULTICLAW_GATEWAY_PORT}`;
    const started = await runCommand(["gateway", "start"], options);
    expect(started.stderr).not.toContain("did not start");
    expect(started.code).toBe(0);
    const pid = Number(/pid (\d+)/.exec(started.stdout)?.[1]);
    expect(started.stdout).toBe(`Gateway started (pid ${pid}), local API at ${url}\n`);
    // It runs the bundle with the gateway's process tunables (its Node major's own, where it has them: the
    // launcher re-execs with those), and the caller's own variables.
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    const threshold =
      tunablesByMajor[process.versions.node.split(".")[0] ?? ""]?.env.MALLOC_MMAP_THRESHOLD_ ?? "131072";
    expect(environ).toContain(`MALLOC_MMAP_THRESHOLD_=${threshold}`);
    expect(environ).toContain(`MULTICLAW_HOME=${home.home}`);

    const again = await runCommand(["gateway", "start"], options);
    expect(again.stdout).toBe(`The gateway is already running (pid ${pid}), local API at ${url}\n`);

    const status = await runCommand(["gateway", "status"], options);
    expect(status.stdout).toMatch(new RegExp(`^running, pid ${pid}, version \\S+, local API at ${url}\\n$`));
    const signedOut = await runCommand(["status"], options);
    expect(signedOut.stdout).toContain("not signed in");

    const stopped = await runCommand(["gateway", "stop"], options);
    expect(stopped).toMatchObject({ code: 0, stdout: `Gateway stopped (pid ${pid}).\n` });
    const after = await runCommand(["gateway", "status"], options);
    expect(after.code).toBe(3);
  });
});
