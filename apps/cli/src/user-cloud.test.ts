import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type GatewayProcess, spawnGatewayProcess } from "@multiclaw/gateway/testing/gateway-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliGatewayPaths } from "./gateway-paths.ts";
import { closedPort, runCommand } from "./testing/cli-harness.ts";
import { gatewayEnv } from "./testing/workspace-test-kit.ts";

/*
 * The seam between the workspace commands and the Cloud: the gateway's `/cloud` forwarding. What a person sees
 * when there is no user session, or no gateway at all.
 */

const workspace = ["--workspace", "ws_01m977ettaaq9y8248b4hede7c"];
let root: string;
let gateway: GatewayProcess;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "multiclaw-cli-user-cloud-"));
  // No Cloud is needed: nobody is signed in, so the gateway never calls one.
  gateway = await spawnGatewayProcess({
    home: join(root, "gateway"),
    cloudUrl: `http://127.0.0.1:${await closedPort()}`,
  });
});
afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await rm(root, { recursive: true, force: true });
});

describe("reaching the Cloud as the user, through the gateway", () => {
  it("passes on the gateway's AUTH_REQUIRED when no user is signed in through it", async () => {
    const result = await runCommand(["keys", "list", ...workspace], { env: gatewayEnv(gateway) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^AUTH_REQUIRED: .*`multiclaw login`/);
  });

  it("says the gateway is not running when its token file is there but nothing answers", async () => {
    const home = join(root, "stopped");
    const port = await closedPort();
    const env = { MULTICLAW_HOME: home, MULTICLAW_GATEWAY_PORT: String(port) };
    const tokenFile = cliGatewayPaths(env).apiTokenFile;
    await mkdir(dirname(tokenFile), { recursive: true });
    await writeFile(tokenFile, "a-token-of-a-gateway-that-stopped\n", { mode: 0o600 });
    for (const argv of [
      ["agents", "list"],
      ["tasks", "list"],
      ["team", "list"],
      ["keys", "list"],
    ]) {
      const result = await runCommand([...argv, ...workspace], { env });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `UNAVAILABLE: the gateway is not running (nothing answers at http://127.0.0.1:${port}); start it with \`multiclaw gateway start\`\n`,
      });
    }
    // Without --workspace the gateway is asked for its workspace first, and the answer is the same in substance.
    const noToken = await runCommand(["agents", "list"], {
      env: { MULTICLAW_HOME: join(root, "empty"), MULTICLAW_GATEWAY_PORT: String(port) },
    });
    expect(noToken.stderr).toBe(
      `the gateway is not running (nothing answers at http://127.0.0.1:${port}); start it with \`multiclaw gateway start\`\n`,
    );
  });
});
