import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudProcess, spawnCloudProcess } from "../testing/cloud-process.ts";
import { call, signUp } from "../testing/test-client.ts";
import { openTestDatabase, type TestDatabase, testStorage } from "../testing/test-database.ts";

describe("a crash loses no acknowledged data", () => {
  let home: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string>;
  let node: CloudProcess | null = null;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-crash-"));
    env = {
      MULTICLAW_HOME: home,
      MULTICLAW_CLOUD_PORT: "0",
      MULTICLAW_MASTER_KEY: randomBytes(32).toString("base64"),
    };
    if (testStorage() === "postgres") {
      database = await openTestDatabase("postgres");
      env.DATABASE_URL = database.url as string;
    }
  });
  afterAll(async () => {
    await node?.stop();
    await database?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("keeps every write the Cloud answered for, across kill -9 and restart", async () => {
    node = await spawnCloudProcess(env);
    const owner = await signUp(node.url, "Dur");
    const workspaceId = owner.workspaces[0]?.id as string;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const agent = await call<{ id: string }>(node.url, "POST", `/v1/workspaces/${workspaceId}/agents`, {
        token: owner.tokens.accessToken,
        body: { name: `Agent ${i}`, provider: "anthropic", model: "claude-sonnet-4-5" },
      });
      expect(agent.status).toBe(201);
      created.push(agent.body.id);
    }
    await call(node.url, "PUT", `/v1/workspaces/${workspaceId}/provider-keys/anthropic`, {
      token: owner.tokens.accessToken,
      body: { apiKey: "sk-ant-durable-key-0001" },
    });

    node.child.kill("SIGKILL");
    await new Promise((resolve) => node?.child.once("exit", resolve));
    node = await spawnCloudProcess(env);

    const signIn = await call<{ tokens: { accessToken: string } }>(node.url, "POST", "/v1/auth/sign-in", {
      body: { email: owner.email, password: "correct horse battery staple" },
    });
    expect(signIn.status).toBe(200);
    const agents = await call<{ agents: Array<{ id: string }> }>(
      node.url,
      "GET",
      `/v1/workspaces/${workspaceId}/agents`,
      {
        token: signIn.body.tokens.accessToken,
      },
    );
    expect(agents.body.agents.map((agent) => agent.id)).toEqual(created);
    const keys = await call<{ keys: Array<{ provider: string; lastFour: string }> }>(
      node.url,
      "GET",
      `/v1/workspaces/${workspaceId}/provider-keys`,
      { token: signIn.body.tokens.accessToken },
    );
    expect(keys.body.keys).toEqual([expect.objectContaining({ provider: "anthropic", lastFour: "0001" })]);
  }, 120_000);
});
