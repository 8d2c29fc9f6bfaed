import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backgroundGatewayProcess } from "./cli-context.ts";
import { cliGatewayPaths } from "./gateway-paths.ts";
import { closedPort, emptyHome, runCommand } from "./testing/cli-harness.ts";

/*
 * The one test of the real background process: `multiclaw gateway start` spawns the gateway (apps/gateway's
 * main), finds it again through its pid file and local API, and `stop` ends it.
 */
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
