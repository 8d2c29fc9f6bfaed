import { randomBytes } from "node:crypto";
import type { Provider } from "@multiclaw/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { createChangeRunner } from "../events/emit.ts";
import {
  createRecordingFanout,
  encodingsOf,
  findInDatabase,
  insertUser,
  type RecordingFanout,
  type SeededWorkspace,
  seedWorkspace,
  silentLogger,
  userPrincipal,
} from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { unwrapDataKey } from "./envelope.ts";
import { createMasterKeyRing, MasterKey, type MasterKeyRing } from "./master-key.ts";
import { createProviderKeyService, type ProviderKeyService } from "./provider-keys.ts";

function canaryKey(): string {
  return `sk-canary-${randomBytes(20).toString("hex")}`;
}

describe("provider keys", () => {
  let test: TestDatabase;
  let fanout: RecordingFanout;
  let masterKey: Buffer;
  let ring: MasterKeyRing;
  let keys: ProviderKeyService;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    test = await openTestDatabase();
    fanout = createRecordingFanout();
    masterKey = randomBytes(32);
    ring = createMasterKeyRing(new MasterKey(masterKey));
    const runChange = createChangeRunner({ db: test.db, fanout, clock: systemClock, logger: silentLogger });
    keys = createProviderKeyService({ db: test.db, masterKeys: ring, runChange });
  });
  afterAll(() => test.close());
  beforeEach(async () => {
    ws = await seedWorkspace(test.db);
  });

  const admin = () => userPrincipal(ws.admin);

  async function storedRow(workspaceId: string, provider: Provider) {
    return test.db
      .selectFrom("provider_keys")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("provider", "=", provider)
      .executeTakeFirstOrThrow();
  }

  async function revisions(workspaceId: string) {
    return test.db
      .selectFrom("workspaces")
      .select(["config_revision", "keys_revision"])
      .where("id", "=", workspaceId)
      .executeTakeFirstOrThrow();
  }

  it("stores a key in the database only as ciphertext, and nothing else in clear either", async () => {
    const apiKey = canaryKey();
    await keys.put(admin(), ws.workspaceId, "openai", { apiKey });

    const row = await storedRow(ws.workspaceId, "openai");
    expect(row.last_four).toBe(apiKey.slice(-4));
    expect(Buffer.from(row.ciphertext).includes(Buffer.from(apiKey))).toBe(false);

    const workspace = await test.db
      .selectFrom("workspaces")
      .select(["data_key_wrapped", "data_key_master_id"])
      .where("id", "=", ws.workspaceId)
      .executeTakeFirstOrThrow();
    expect(workspace.data_key_master_id).toBe(ring.current.id);
    const dataKey = unwrapDataKey(workspace.data_key_wrapped as Uint8Array, ring.current, ws.workspaceId);

    // The scan must be able to see what is there, or its silence proves nothing.
    expect(await findInDatabase(test.db, [ws.workspaceId])).toContain("provider_keys.workspace_id");
    const secrets = [...encodingsOf(apiKey), ...encodingsOf(dataKey), ...encodingsOf(masterKey)];
    expect(await findInDatabase(test.db, secrets)).toEqual([]);
  });

  it("gives the key back to config sync, with its version and base URL", async () => {
    const apiKey = canaryKey();
    await keys.put(admin(), ws.workspaceId, "anthropic", { apiKey });
    expect(await keys.decryptForSync(ws.workspaceId)).toEqual([
      { provider: "anthropic", apiKey, baseUrl: null, keyVersion: 1 },
    ]);
  });

  it("replaces a key with the next version", async () => {
    await keys.put(admin(), ws.workspaceId, "gemini", { apiKey: canaryKey() });
    const replacement = canaryKey();
    const summary = await keys.put(userPrincipal(ws.owner), ws.workspaceId, "gemini", {
      apiKey: replacement,
    });
    expect(summary).toMatchObject({
      provider: "gemini",
      lastFour: replacement.slice(-4),
      updatedBy: ws.owner,
    });
    expect(await keys.decryptForSync(ws.workspaceId)).toEqual([
      { provider: "gemini", apiKey: replacement, baseUrl: null, keyVersion: 2 },
    ]);
  });

  it("lists provider, last four, base URL and who changed it when, never the key", async () => {
    const openai = canaryKey();
    const local = canaryKey();
    await keys.put(admin(), ws.workspaceId, "openai", { apiKey: openai });
    await keys.put(admin(), ws.workspaceId, "openai-compatible", {
      apiKey: local,
      baseUrl: "http://127.0.0.1:11434/v1",
    });

    const listed = await keys.list(userPrincipal(ws.member), ws.workspaceId);
    expect(listed).toEqual([
      {
        provider: "openai",
        lastFour: openai.slice(-4),
        baseUrl: null,
        updatedAt: expect.any(String),
        updatedBy: ws.admin,
      },
      {
        provider: "openai-compatible",
        lastFour: local.slice(-4),
        baseUrl: "http://127.0.0.1:11434/v1",
        updatedAt: expect.any(String),
        updatedBy: ws.admin,
      },
    ]);
    const shown = JSON.stringify(listed);
    for (const secret of [openai, local]) expect(shown).not.toContain(secret.slice(0, -4));
    expect(Date.parse(listed[0]?.updatedAt ?? "")).not.toBeNaN();
  });

  it("requires a base URL for an openai-compatible endpoint", async () => {
    await expect(
      keys.put(admin(), ws.workspaceId, "openai-compatible", { apiKey: canaryKey() }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldProblems: [{ path: "baseUrl", message: expect.any(String) }],
    });
    expect(await keys.list(admin(), ws.workspaceId)).toEqual([]);
  });

  it("lets a plain member list but not set or remove keys", async () => {
    await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });
    const member = userPrincipal(ws.member);
    await expect(keys.put(member, ws.workspaceId, "openai", { apiKey: canaryKey() })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(keys.remove(member, ws.workspaceId, "openai")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await keys.list(member, ws.workspaceId)).toHaveLength(1);
    expect((await keys.decryptForSync(ws.workspaceId))[0]?.keyVersion).toBe(1);
  });

  it("answers NOT_FOUND to a non-member, and to an instance of another workspace", async () => {
    const stranger = userPrincipal(await insertUser(test.db));
    await expect(keys.list(stranger, ws.workspaceId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(keys.put(stranger, ws.workspaceId, "openai", { apiKey: canaryKey() })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
    await expect(keys.remove(stranger, ws.workspaceId, "openai")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const other = await seedWorkspace(test.db);
    const instanceElsewhere = { ...admin(), instanceId: "ins_x", instanceWorkspaceId: other.workspaceId };
    await expect(keys.list(instanceElsewhere, ws.workspaceId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("raises the config revision and emits config-changed when a key is set", async () => {
    const before = await revisions(ws.workspaceId);
    const published = fanout.published.length;
    await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });

    const after = await revisions(ws.workspaceId);
    expect(after.config_revision).toBe(before.config_revision + 1);
    expect(after.keys_revision).toBe(after.config_revision);
    const messages = fanout.published.slice(published);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: "event", workspaceId: ws.workspaceId });
    const frame = JSON.parse((messages[0] as { frame: string }).frame);
    expect(frame.event).toEqual({
      name: "config-changed",
      revision: after.config_revision,
      scope: "provider-keys",
      changedBy: ws.admin,
    });
  });

  it("removes a key, raises the revision and emits config-changed", async () => {
    await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });
    await keys.put(admin(), ws.workspaceId, "anthropic", { apiKey: canaryKey() });
    const before = await revisions(ws.workspaceId);
    const published = fanout.published.length;

    await keys.remove(userPrincipal(ws.owner), ws.workspaceId, "openai");

    expect((await keys.list(admin(), ws.workspaceId)).map((key) => key.provider)).toEqual(["anthropic"]);
    expect((await keys.decryptForSync(ws.workspaceId)).map((key) => key.provider)).toEqual(["anthropic"]);
    expect((await revisions(ws.workspaceId)).config_revision).toBe(before.config_revision + 1);
    const frame = JSON.parse((fanout.published.at(-1) as { frame: string }).frame);
    expect(fanout.published.length).toBe(published + 1);
    expect(frame.event).toMatchObject({
      name: "config-changed",
      scope: "provider-keys",
      changedBy: ws.owner,
    });
  });

  it("answers NOT_FOUND when removing a provider that has no key, and changes nothing", async () => {
    const before = await revisions(ws.workspaceId);
    await expect(keys.remove(admin(), ws.workspaceId, "gemini")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await revisions(ws.workspaceId)).toEqual(before);
  });

  it("creates one data key when the first keys of a workspace are set concurrently", async () => {
    const providers: Provider[] = ["openai", "anthropic", "gemini", "openai-compatible"];
    // A race shows only sometimes; several fresh workspaces make a missing lock show reliably on PostgreSQL.
    for (let round = 0; round < 5; round += 1) {
      const fresh = await seedWorkspace(test.db);
      const secrets = new Map(providers.map((provider) => [provider, canaryKey()]));
      await Promise.all(
        providers.map((provider) =>
          keys.put(userPrincipal(fresh.admin), fresh.workspaceId, provider, {
            apiKey: secrets.get(provider) ?? "",
            baseUrl: provider === "openai-compatible" ? "https://llm.example.test/v1" : undefined,
          }),
        ),
      );
      const synced = await keys.decryptForSync(fresh.workspaceId);
      expect(new Map(synced.map((key) => [key.provider, key.apiKey]))).toEqual(secrets);
    }
  });

  it("returns no keys to sync for a workspace that never set one", async () => {
    expect(await keys.decryptForSync(ws.workspaceId)).toEqual([]);
  });

  describe("binds each ciphertext to its workspace, provider and version", () => {
    it("fails to decrypt a ciphertext moved to another provider of the same workspace", async () => {
      await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });
      await keys.put(admin(), ws.workspaceId, "anthropic", { apiKey: canaryKey() });
      const openai = await storedRow(ws.workspaceId, "openai");
      await test.db
        .updateTable("provider_keys")
        .set({ ciphertext: openai.ciphertext })
        .where("workspace_id", "=", ws.workspaceId)
        .where("provider", "=", "anthropic")
        .execute();
      await expect(keys.decryptForSync(ws.workspaceId)).rejects.toThrow(
        /anthropic key.*failed authentication/,
      );
    });

    it("fails to decrypt a ciphertext whose key version was changed", async () => {
      await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });
      await test.db
        .updateTable("provider_keys")
        .set({ key_version: 2 })
        .where("workspace_id", "=", ws.workspaceId)
        .execute();
      await expect(keys.decryptForSync(ws.workspaceId)).rejects.toThrow(/failed authentication/);
    });

    it("fails to decrypt a key and data key copied into another workspace", async () => {
      await keys.put(admin(), ws.workspaceId, "openai", { apiKey: canaryKey() });
      const other = await seedWorkspace(test.db);
      const source = await test.db
        .selectFrom("workspaces")
        .select(["data_key_wrapped", "data_key_master_id"])
        .where("id", "=", ws.workspaceId)
        .executeTakeFirstOrThrow();
      const row = await storedRow(ws.workspaceId, "openai");
      await test.db.updateTable("workspaces").set(source).where("id", "=", other.workspaceId).execute();
      await test.db
        .insertInto("provider_keys")
        .values({ ...row, workspace_id: other.workspaceId, updated_by: other.admin })
        .execute();
      await expect(keys.decryptForSync(other.workspaceId)).rejects.toThrow(/data key failed authentication/);
    });
  });
});
