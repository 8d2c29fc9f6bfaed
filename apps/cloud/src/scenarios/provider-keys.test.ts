import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloud } from "../cloud.ts";
import { encodingsOf, findInDatabase } from "../testing/fixtures.ts";
import { call, loginInstance, signUp } from "../testing/test-client.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";

describe("provider keys at rest and in sync", () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "multiclaw-keys-"));
  });
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (settings: { masterKey: string; previousMasterKeys?: string }) =>
    startCloud({
      port: 0,
      dataDir,
      database: database.db,
      env: {},
      logger: pino({ level: "silent" }),
      ...settings,
    });

  const previousMaster = randomBytes(32).toString("base64");
  const currentMaster = randomBytes(32).toString("base64");

  it("stores only ciphertext, syncs the key to instances, and survives a master-key rotation", async () => {
    const oldMaster = previousMaster;
    const newMaster = currentMaster;
    const canary = `sk-ant-canary-${randomBytes(12).toString("hex")}`;

    const first = await start({ masterKey: oldMaster });
    const owner = await signUp(first.url, "Keya");
    const workspaceId = owner.workspaces[0]?.id as string;
    const put = await call<{ lastFour: string; provider: string }>(
      first.url,
      "PUT",
      `/v1/workspaces/${workspaceId}/provider-keys/anthropic`,
      { token: owner.tokens.accessToken, body: { apiKey: canary } },
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ provider: "anthropic", lastFour: canary.slice(-4) });
    expect(JSON.stringify(put.body)).not.toContain(canary);

    const listing = await call(first.url, "GET", `/v1/workspaces/${workspaceId}/provider-keys`, {
      token: owner.tokens.accessToken,
    });
    expect(JSON.stringify(listing.body)).not.toContain(canary);

    expect(await findInDatabase(database.db, encodingsOf(canary))).toEqual([]);
    // The scan does find what is there: the workspace id sits in many columns.
    expect(await findInDatabase(database.db, [workspaceId])).not.toEqual([]);
    const stored = await database.db
      .selectFrom("provider_keys")
      .select(["ciphertext"])
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    expect(stored.ciphertext.length).toBeGreaterThan(canary.length);

    const instance = await loginInstance(first.url, owner.tokens.accessToken, workspaceId);
    const synced = await call<{ providerKeys: Array<{ provider: string; apiKey: string }> }>(
      first.url,
      "GET",
      `/v1/workspaces/${workspaceId}/config`,
      { token: instance.tokens.accessToken },
    );
    expect(synced.body.providerKeys).toEqual([
      expect.objectContaining({ provider: "anthropic", apiKey: canary }),
    ]);
    await first.close();

    // Rotate: the new master key is current, the old one is still accepted; data keys are re-wrapped at start.
    const second = await start({ masterKey: newMaster, previousMasterKeys: oldMaster });
    const after = await call<{ providerKeys: Array<{ provider: string; apiKey: string }> }>(
      second.url,
      "GET",
      `/v1/workspaces/${workspaceId}/config`,
      { token: instance.tokens.accessToken },
    );
    expect(after.status).toBe(200);
    expect(after.body.providerKeys).toEqual([
      expect.objectContaining({ provider: "anthropic", apiKey: canary }),
    ]);
    const storedAfter = await database.db
      .selectFrom("provider_keys")
      .select(["ciphertext"])
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(storedAfter.ciphertext).equals(Buffer.from(stored.ciphertext))).toBe(true);
    await second.close();

    // Once re-wrapped, the old master key is no longer needed.
    const third = await start({ masterKey: newMaster });
    const withoutOld = await call<{ providerKeys: Array<{ apiKey: string }> }>(
      third.url,
      "GET",
      `/v1/workspaces/${workspaceId}/config`,
      { token: instance.tokens.accessToken },
    );
    expect(withoutOld.body.providerKeys[0]?.apiKey).toBe(canary);
    await third.close();
  });

  it("never returns a key to a user session or another workspace's instance", async () => {
    // The database already holds data keys wrapped by the first test's master keys: bring them along.
    const cloud = await start({ masterKey: currentMaster, previousMasterKeys: previousMaster });
    try {
      const owner = await signUp(cloud.url, "Ivo");
      const workspaceId = owner.workspaces[0]?.id as string;
      await call(cloud.url, "PUT", `/v1/workspaces/${workspaceId}/provider-keys/openai`, {
        token: owner.tokens.accessToken,
        body: { apiKey: "sk-proj-secret-value-1234" },
      });
      const stranger = await signUp(cloud.url, "Mal");
      const strangerWorkspace = stranger.workspaces[0]?.id as string;
      const strangerInstance = await loginInstance(cloud.url, stranger.tokens.accessToken, strangerWorkspace);
      const probe = await call(cloud.url, "GET", `/v1/workspaces/${workspaceId}/config`, {
        token: strangerInstance.tokens.accessToken,
      });
      expect(probe.status).toBe(404);
      const asUser = await call(cloud.url, "GET", `/v1/workspaces/${workspaceId}/config`, {
        token: owner.tokens.accessToken,
      });
      expect(asUser.status).toBe(403);
      expect(JSON.stringify(asUser.body)).not.toContain("secret-value");
    } finally {
      await cloud.close();
    }
  });
});
