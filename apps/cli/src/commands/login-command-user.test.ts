import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient } from "@multiclaw/cloud-client";
import { type GatewayProcess, spawnGatewayProcess } from "@multiclaw/gateway/testing/gateway-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../testing/cli-harness.ts";

/*
 * `multiclaw login --user`, `status` and `logout` against a real Cloud and a real gateway process (signed out
 * itself), with the password piped on standard input as a script would.
 */

const PASSWORD = "correct horse battery staple";

let cloud: TestCloud;
let home: string;
let gateway: GatewayProcess;
let env: NodeJS.ProcessEnv;
let email: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  home = await mkdtemp(join(tmpdir(), "multiclaw-cli-user-"));
  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  env = { MULTICLAW_HOME: home, MULTICLAW_GATEWAY_PORT: new URL(gateway.url).port };
  email = `ada.${process.pid}@example.test`;
  await createCloudClient({ baseUrl: cloud.cloud.url, fetch }).call("signUp", {
    body: { email, password: PASSWORD, name: "Ada" },
  });
});
afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await rm(home, { recursive: true, force: true });
  await cloud.close();
});

describe("multiclaw login --user", () => {
  it("signs the user in with the password from standard input; status shows them; logout signs them out", async () => {
    const login = await runCommand(["login", "--user", "--email", email], { env, stdin: `${PASSWORD}\n` });
    expect(login).toMatchObject({ code: 0, stderr: "" });
    expect(login.stdout).toBe(
      `Signed in as user Ada <${email}> at ${cloud.cloud.url}.\nWorkspaces: Ada's workspace (owner)\n`,
    );
    const session = JSON.parse(await readFile(join(home, "gateway", "user-session.json"), "utf8"));
    expect(session.account.email).toBe(email);

    const status = await runCommand(["status"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Account\s+not signed in/);
    expect(status.stdout).toContain(`User       Ada <${email}> at ${cloud.cloud.url}\n`);
    expect(status.stdout).toContain("workspaces: Ada's workspace (owner)");

    const again = await runCommand(["login", "--user", "--email", email], { env, stdin: `${PASSWORD}\n` });
    expect(again.stdout).toBe(`Already signed in as user Ada <${email}> at ${cloud.cloud.url}.\n`);
    expect(again.stderr).toContain("multiclaw logout --user");

    const logout = await runCommand(["logout"], { env });
    expect(logout).toMatchObject({ code: 0, stderr: "" });
    expect(logout.stdout).toBe(`Signed out as user Ada <${email}> at ${cloud.cloud.url}.\n`);
    const after = await runCommand(["status"], { env });
    expect(after.stdout).toMatch(/User\s+not signed in as a user \(sign in with `multiclaw login --user`\)/);
    // The gateway's log holds no password.
    expect(gateway.output()).not.toContain(PASSWORD);
  });

  it("fails with the Cloud's code when the password is wrong", async () => {
    const result = await runCommand(["login", "--user", "--email", email], { env, stdin: "not it\n" });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^AUTH_INVALID: signing in as a user failed: /);
  });

  it("takes the password only from standard input, never from the command line", async () => {
    const asArgument = await runCommand(["login", "--user", "--email", email, "--password", PASSWORD], {
      env,
    });
    expect(asArgument.code).not.toBe(0);
    expect(asArgument.stderr).toContain("unknown option '--password'");
    const empty = await runCommand(["login", "--user", "--email", email], { env, stdin: "" });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("VALIDATION_FAILED: no password on standard input");
    const noEmail = await runCommand(["login", "--user"], { env, stdin: `${PASSWORD}\n` });
    expect(noEmail.code).toBe(1);
    expect(noEmail.stderr).toContain("give the account's email with --email");
  });
});
