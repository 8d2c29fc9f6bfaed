import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCloseCodes } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudProcess, spawnCloudProcess } from "../testing/cloud-process.ts";
import { call, EventClient, signUp } from "../testing/test-client.ts";
import { openTestDatabase, type TestDatabase, testStorage } from "../testing/test-database.ts";

// Two processes can share PostgreSQL, not one PGlite directory: this runs in the postgres project.
describe.runIf(testStorage() === "postgres")("two Cloud nodes behind one Redis", () => {
  let database: TestDatabase;
  let home: string;
  let nodes: CloudProcess[] = [];
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    home = await mkdtemp(join(tmpdir(), "multiclaw-nodes-"));
    const env = {
      DATABASE_URL: database.url as string,
      REDIS_URL: process.env.MULTICLAW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      MULTICLAW_MASTER_KEY: randomBytes(32).toString("base64"),
      MULTICLAW_CLOUD_PORT: "0",
      MULTICLAW_HOME: home,
      MULTICLAW_SIGN_IN_RATE_PER_MINUTE: "1000",
    };
    nodes = await Promise.all([spawnCloudProcess(env), spawnCloudProcess(env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("delivers an event published on one node to connections on the other, and closes a removed member there", async () => {
    const [first, second] = nodes as [CloudProcess, CloudProcess];
    const ready = await call<{ checks: { fanout: string } }>(first.url, "GET", "/readyz");
    expect(ready.body.checks.fanout).toBe("ok");

    const owner = await signUp(second.url, "Node");
    const workspaceId = owner.workspaces[0]?.id as string;
    const invitation = await call<{ token: string }>(
      second.url,
      "POST",
      `/v1/workspaces/${workspaceId}/invitations`,
      {
        token: owner.tokens.accessToken,
        body: {},
      },
    );
    const teammate = await signUp(first.url, "Mate");
    await call(first.url, "POST", "/v1/invitations/accept", {
      token: teammate.tokens.accessToken,
      body: { token: invitation.body.token },
    });

    const stream = new EventClient(`${first.url.replace(/^http/, "ws")}/v1/events`, {
      token: teammate.tokens.accessToken,
      workspaceId,
    });
    await stream.welcomed();
    const agent = await call(second.url, "POST", `/v1/workspaces/${workspaceId}/agents`, {
      token: owner.tokens.accessToken,
      body: { name: "Cross-node", provider: "anthropic", model: "claude-sonnet-4-5" },
    });
    expect(agent.status).toBe(201);
    await stream.until((client) => client.events().some((frame) => frame.event.name === "config-changed"));

    const removedAt = Date.now();
    await call(second.url, "DELETE", `/v1/workspaces/${workspaceId}/members/${teammate.user.id}`, {
      token: owner.tokens.accessToken,
    });
    expect(await stream.closed).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect(Date.now() - removedAt).toBeLessThan(1000);
  });
});
