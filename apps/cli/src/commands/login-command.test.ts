import { copyFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { startTestLocalApi, type TestLocalApi } from "@multiclaw/gateway/testing/fake-local-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backgroundGatewayProcess, type GatewayProcessControl } from "../cli-context.ts";
import {
  type CliTestGateway,
  closedPort,
  emptyHome,
  runCommand,
  startCliTestGateway,
} from "../testing/cli-harness.ts";

let gateway: CliTestGateway;
beforeEach(async () => {
  gateway = await startCliTestGateway();
});
afterEach(async () => {
  await gateway.close();
});

describe("multiclaw login", () => {
  it("prints the code and the link, waits for the confirmation, then says who is signed in", async () => {
    const login = gateway.start(["login"]);
    await login.waitForStdout(/WDJB-MJHT[\s\S]*device\?code=WDJB-MJHT/);
    expect(gateway.fake.login.state).toBe("pending");
    expect(login.stdout()).toContain("http://127.0.0.1:4800/device?code=WDJB-MJHT");
    expect(login.stdout()).toContain("(or open http://127.0.0.1:4800/device and type the code)");
    expect(login.stdout()).toMatch(/expires in 10 min/);
    gateway.fake.approveLogin();
    const result = await login.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Waiting for the code to be confirmed… (Ctrl-C stops waiting)");
    expect(result.stdout).toContain("Signed in as Ada <ada@example.test> to workspace Research (ws_");
    expect(result.stdout.match(/^ +WDJB-MJHT$/gm)).toHaveLength(1); // shown once, not on every poll
    // Not a terminal, so the user sign-in is not offered: the command says how to do it.
    expect(result.stderr).toContain("also sign in as a user: `multiclaw login --user`");
  });

  it("asks the Cloud named by --cloud", async () => {
    const login = gateway.start(["login", "--cloud", "http://127.0.0.1:4999"]);
    await login.waitForStdout(/http:\/\/127\.0\.0\.1:4999\/device\?code=WDJB-MJHT/);
    gateway.fake.approveLogin();
    const result = await login.result;
    expect(result.stdout).toContain("at http://127.0.0.1:4999.");
    const badUrl = await gateway.run(["login", "--cloud", "not a url"]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toBe('VALIDATION_FAILED: --cloud must be an http(s) URL, not "not a url"\n');
  });

  it("says so when the gateway is already signed in", async () => {
    gateway.fake.approveLogin();
    const result = await gateway.run(["login"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "Already signed in as Ada <ada@example.test> to workspace " +
        `Research (${gateway.fake.login.signedIn?.workspace.workspaceId}).\n`,
    );
    expect(result.stderr).toContain("multiclaw logout");
  });

  it("says who is signed in as a user too, and offers nothing more", async () => {
    gateway.fake.approveLogin();
    await gateway.fake.deps.user.signIn({ email: "ada@example.test", password: "a long passphrase" });
    const result = await gateway.run(["login"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Already signed in as Ada .*\nAlready signed in as user Ada <ada@example.test> at http:\/\/127.0.0.1:4800.\n$/,
    );
    expect(result.stderr).not.toContain("--user");
  });

  it("fails with the Cloud's code when the device is denied", async () => {
    const login = gateway.start(["login"]);
    await login.waitForStdout(/WDJB-MJHT/);
    gateway.fake.login = {
      ...gateway.fake.login,
      state: "failed",
      error: { code: "DEVICE_DENIED", message: "The user denied this device" },
    };
    const result = await login.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DEVICE_DENIED: signing in failed: The user denied this device\n");
  });

  it("fails with DEVICE_CODE_EXPIRED when the code runs out", async () => {
    const login = gateway.start(["login"]);
    await login.waitForStdout(/WDJB-MJHT/);
    gateway.fake.login = { ...gateway.fake.login, expiresAt: new Date(Date.now() - 1000).toISOString() };
    const result = await login.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DEVICE_CODE_EXPIRED: the code expired before it was confirmed");
  });

  it("stops waiting on Ctrl-C and exits 130", async () => {
    const stop = new AbortController();
    const login = gateway.start(["login"], { signal: stop.signal });
    await login.waitForStdout(/WDJB-MJHT/);
    stop.abort();
    const result = await login.result;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Stopped waiting");
    expect(gateway.fake.login.state).toBe("pending");
  });
});

describe("multiclaw login without a running gateway", () => {
  let started: TestLocalApi | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  it("starts the gateway first", async () => {
    const home = await emptyHome();
    const port = await closedPort();
    // Stands in for the background process: the local API comes up on the port and writes its token file.
    const gatewayProcess: GatewayProcessControl = {
      ...backgroundGatewayProcess,
      async start({ paths }) {
        started = await startTestLocalApi({ port });
        await mkdir(dirname(paths.apiTokenFile), { recursive: true });
        await copyFile(started.running.tokenFile, paths.apiTokenFile);
        return { pid: process.pid, alreadyRunning: false };
      },
    };
    try {
      const env = { MULTICLAW_HOME: home.home, MULTICLAW_GATEWAY_PORT: String(port) };
      const login = runCommand(["login"], { env, gatewayProcess });
      const deadline = Date.now() + 5000;
      while (started?.fake.login.state !== "pending" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      started?.fake.approveLogin();
      const result = await login;
      expect(result.stderr).toContain("The gateway is not running; starting it…");
      expect(result.stderr).toContain(
        `Gateway started (pid ${process.pid}), local API at http://127.0.0.1:${port}`,
      );
      expect(result.stdout).toContain("Signed in as Ada");
      expect(result.code).toBe(0);
    } finally {
      await home.remove();
    }
  });
});

describe("multiclaw logout", () => {
  it("signs out a signed-in gateway", async () => {
    gateway.fake.approveLogin();
    const result = await gateway.run(["logout"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe("Signed out. The device credential is deleted from this machine.\n");
    expect(gateway.fake.login.state).toBe("signed-out");
  });

  it("warns when the Cloud could not be reached, and deletes the credential anyway", async () => {
    gateway.fake.approveLogin();
    const session = gateway.fake.deps.session;
    session.logout = async () => {
      gateway.fake.login = { ...gateway.fake.login, state: "signed-out", signedIn: null };
      return { revokedAtCloud: false };
    };
    const result = await gateway.run(["logout"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Signed out on this machine: the device credential is deleted.\n");
    expect(result.stderr).toMatch(/^warning: the Cloud could not be reached/);
  });

  it("signs the user out too, and with --user only the user", async () => {
    gateway.fake.approveLogin();
    await gateway.fake.deps.user.signIn({ email: "ada@example.test", password: "a long passphrase" });
    const userOnly = await gateway.run(["logout", "--user"]);
    expect(userOnly).toMatchObject({ code: 0, stderr: "" });
    expect(userOnly.stdout).toBe("Signed out as user Ada <ada@example.test> at http://127.0.0.1:4800.\n");
    expect(gateway.fake.user.state).toBe("signed-out");
    expect(gateway.fake.login.state).toBe("signed-in");

    await gateway.fake.deps.user.signIn({ email: "ada@example.test", password: "a long passphrase" });
    const both = await gateway.run(["logout"]);
    expect(both.stdout).toBe(
      "Signed out as user Ada <ada@example.test> at http://127.0.0.1:4800.\n" +
        "Signed out. The device credential is deleted from this machine.\n",
    );
    expect(gateway.fake.user.state).toBe("signed-out");
    expect(gateway.fake.login.state).toBe("signed-out");
  });

  it("says so when there is nothing to sign out of", async () => {
    const result = await gateway.run(["logout"]);
    expect(result).toMatchObject({ code: 0, stdout: "This gateway is not signed in.\n" });
  });
});
