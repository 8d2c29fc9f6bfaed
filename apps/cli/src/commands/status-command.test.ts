import { GatewayStatus, type SignedInIdentity } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliTestGateway, startCliTestGateway } from "../testing/cli-harness.ts";

let gateway: CliTestGateway;
beforeEach(async () => {
  gateway = await startCliTestGateway();
});
afterEach(async () => {
  await gateway.close();
});

function signIn(): SignedInIdentity {
  gateway.fake.approveLogin();
  const identity = gateway.fake.login.signedIn;
  if (!identity) throw new Error("the fake did not sign in");
  gateway.fake.deps.cloud = () => ({
    signedIn: identity,
    cloudUrl: "http://127.0.0.1:4800",
    link: { state: "reconnecting", reason: "the Cloud did not answer", lastSyncAt: new Date().toISOString() },
  });
  return identity;
}

describe("multiclaw status", () => {
  it("shows a signed-out gateway, its link and its agents with keys and MCP servers", async () => {
    const result = await gateway.run(["status"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = result.stdout.split("\n");
    const line = (start: string) => lines.find((candidate) => candidate.trimStart().startsWith(start)) ?? "";
    expect(line("Gateway")).toContain(
      `0.1.0-test, pid ${process.pid}, http://127.0.0.1:${gateway.api.running.port}`,
    );
    expect(line("Account")).toContain("not signed in");
    expect(line("User")).toBe("User       not signed in as a user (sign in with `multiclaw login --user`)");
    expect(line("Cloud link")).toContain("offline: not signed in");
    expect(line("Last sync")).toContain("never");
    expect(line("Researcher")).toMatch(/anthropic\/claude-test\s+yes\s+files \(running, 3 tools\)/);
    expect(line("Coder")).toMatch(/openai\/gpt-test\s+missing\s+-/);
    expect(result.stdout).not.toContain("\u001b["); // not a terminal: no colour
  });

  it("shows who is signed in, to which workspace, and why the link is not connected", async () => {
    const identity = signIn();
    const result = await gateway.run(["status"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ada <ada@example.test>");
    expect(result.stdout).toContain(`Research (${identity.workspace.workspaceId})`);
    expect(result.stdout).toContain(`laptop (${identity.instance.instanceId})`);
    expect(result.stdout).toMatch(/Cloud link\s+reconnecting: the Cloud did not answer/);
    expect(result.stdout).toMatch(/Last sync\s+just now/);
  });

  it("prints the gateway's status document with --json", async () => {
    const identity = signIn();
    const result = await gateway.run(["status", "--json"]);
    expect(result.code).toBe(0);
    const status = GatewayStatus.parse(JSON.parse(result.stdout));
    expect(status.signedIn).toEqual(identity);
    expect(status.agents.map((agent) => [agent.name, agent.keyConfigured])).toEqual([
      ["Researcher", true],
      ["Coder", false],
    ]);
  });

  it("shows the user signed in through the gateway beside the device, and in --json", async () => {
    signIn();
    const user = await gateway.fake.deps.user.signIn({
      email: "ada@example.test",
      password: "a long passphrase",
    });
    const result = await gateway.run(["status"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "User       Ada <ada@example.test> at http://127.0.0.1:4800\n           workspaces: Research (owner)\n",
    );
    const json = await gateway.run(["status", "--json"]);
    expect(JSON.parse(json.stdout).user).toEqual(user);

    // While the Cloud cannot be asked, the gateway knows no workspaces: status says nothing about them.
    gateway.fake.user = { ...user, workspaces: [] };
    const offline = await gateway.run(["status"]);
    expect(offline.stdout).toContain("User       Ada <ada@example.test> at http://127.0.0.1:4800\n");
    expect(offline.stdout).not.toContain("workspaces:");
  });

  it("reports a failing gateway with its error code", async () => {
    gateway.fake.failNext("agents", Object.assign(new Error("The store is locked"), { code: "UNAVAILABLE" }));
    const result = await gateway.run(["status"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("UNAVAILABLE: The store is locked\n");
  });
});
