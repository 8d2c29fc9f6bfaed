import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import type { RunChange } from "../events/emit.ts";
import { createChangeRunner } from "../events/emit.ts";
import {
  createRecordingFanout,
  type SeededWorkspace,
  seedWorkspace,
  silentLogger,
  userPrincipal,
} from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { MasterKeyMissingError } from "./data-key.ts";
import { loadMasterKeyRing } from "./master-key.ts";
import { createProviderKeyService, type ProviderKeyService } from "./provider-keys.ts";

function newMasterKey(): string {
  return randomBytes(32).toString("base64");
}

/** Never written to: every ring here is given its key explicitly. */
const unusedDataDir = join(tmpdir(), "multiclaw-rotation-test-unused");

describe("master key rotation", () => {
  let test: TestDatabase;
  let runChange: RunChange;

  beforeAll(async () => {
    test = await openTestDatabase();
    runChange = createChangeRunner({
      db: test.db,
      fanout: createRecordingFanout(),
      clock: systemClock,
      logger: silentLogger,
    });
  });
  afterAll(() => test.close());
  // Re-wrapping covers every workspace in the database, so each test starts from none.
  beforeEach(async () => {
    await test.db.deleteFrom("workspaces").execute();
  });

  async function serviceWith(masterKey: string, previousMasterKeys?: string) {
    const ring = await loadMasterKeyRing({ masterKey, previousMasterKeys, dataDir: unusedDataDir });
    return { ring, keys: createProviderKeyService({ db: test.db, masterKeys: ring, runChange }) };
  }

  async function wrappedDataKeys(workspaceIds: string[]) {
    return test.db
      .selectFrom("workspaces")
      .select(["id", "data_key_wrapped", "data_key_master_id"])
      .where("id", "in", workspaceIds)
      .orderBy("id")
      .execute();
  }

  async function providerKeyRows(workspaceIds: string[]) {
    const rows = await test.db
      .selectFrom("provider_keys")
      .select(["workspace_id", "provider", "key_version", "ciphertext"])
      .where("workspace_id", "in", workspaceIds)
      .orderBy("workspace_id")
      .orderBy("provider")
      .execute();
    return rows.map((row) => ({ ...row, ciphertext: Buffer.from(row.ciphertext).toString("hex") }));
  }

  async function seedWithKeys(keys: ProviderKeyService, count: number) {
    const seeded: SeededWorkspace[] = [];
    for (let i = 0; i < count; i += 1) {
      const ws = await seedWorkspace(test.db);
      await keys.put(userPrincipal(ws.admin), ws.workspaceId, "openai", {
        apiKey: `sk-openai-${i}-${randomBytes(8).toString("hex")}`,
      });
      await keys.put(userPrincipal(ws.admin), ws.workspaceId, "openai-compatible", {
        apiKey: `sk-local-${i}-${randomBytes(8).toString("hex")}`,
        baseUrl: "http://localhost:8000/v1",
      });
      seeded.push(ws);
    }
    return seeded;
  }

  it("re-wraps data keys under the new master key without touching provider ciphertexts", async () => {
    const oldKey = newMasterKey();
    const newKey = newMasterKey();
    const before = await serviceWith(oldKey);
    const workspaces = await seedWithKeys(before.keys, 3);
    const keyless = await seedWorkspace(test.db);
    const ids = workspaces.map((ws) => ws.workspaceId);
    const synced = await Promise.all(ids.map((id) => before.keys.decryptForSync(id)));
    const ciphertexts = await providerKeyRows(ids);
    const wrappedBefore = await wrappedDataKeys(ids);

    const after = await serviceWith(newKey, oldKey);
    // Readable through the previous key even before the re-wrap has run.
    expect(await after.keys.decryptForSync(ids[0] ?? "")).toEqual(synced[0]);

    expect(await after.keys.rewrapDataKeys()).toBe(3);

    const wrappedAfter = await wrappedDataKeys(ids);
    for (const [index, row] of wrappedAfter.entries()) {
      expect(row.data_key_master_id).toBe(after.ring.current.id);
      expect(
        Buffer.from(row.data_key_wrapped ?? []).equals(
          Buffer.from(wrappedBefore[index]?.data_key_wrapped ?? []),
        ),
      ).toBe(false);
    }
    expect(await providerKeyRows(ids)).toEqual(ciphertexts);
    expect((await wrappedDataKeys([keyless.workspaceId]))[0]).toMatchObject({ data_key_wrapped: null });

    // The old key is no longer needed at all.
    const newOnly = await serviceWith(newKey);
    expect(await Promise.all(ids.map((id) => newOnly.keys.decryptForSync(id)))).toEqual(synced);
  });

  it("does nothing when run again", async () => {
    const oldKey = newMasterKey();
    const newKey = newMasterKey();
    const workspaces = await seedWithKeys((await serviceWith(oldKey)).keys, 1);
    const after = await serviceWith(newKey, oldKey);
    expect(await after.keys.rewrapDataKeys()).toBe(1);
    const wrapped = await wrappedDataKeys(workspaces.map((ws) => ws.workspaceId));

    expect(await after.keys.rewrapDataKeys()).toBe(0);
    expect(await wrappedDataKeys(workspaces.map((ws) => ws.workspaceId))).toEqual(wrapped);
  });

  it("names the missing master key instead of decrypting garbage", async () => {
    const lostKey = newMasterKey();
    const lost = await serviceWith(lostKey);
    const [ws] = await seedWithKeys(lost.keys, 1);
    if (!ws) throw new Error("no workspace seeded");

    const stranger = await serviceWith(newMasterKey());
    const missing = new RegExp(`master key ${lost.ring.current.id}.*MULTICLAW_PREVIOUS_MASTER_KEYS`);
    await expect(stranger.keys.decryptForSync(ws.workspaceId)).rejects.toThrow(missing);
    await expect(
      stranger.keys.put(userPrincipal(ws.admin), ws.workspaceId, "gemini", {
        apiKey: "sk-gemini-never-stored",
      }),
    ).rejects.toThrow(missing);
    expect(
      (await lost.keys.list(userPrincipal(ws.admin), ws.workspaceId)).map((key) => key.provider),
    ).not.toContain("gemini");
  });

  it("re-wraps what it can, then names the master keys it is missing", async () => {
    const lostKey = newMasterKey();
    const oldKey = newMasterKey();
    const newKey = newMasterKey();
    const [orphan] = await seedWithKeys((await serviceWith(lostKey)).keys, 1);
    const rotatable = await seedWithKeys((await serviceWith(oldKey)).keys, 2);
    const lostId = (await serviceWith(lostKey)).ring.current.id;
    const after = await serviceWith(newKey, oldKey);

    const error = await after.keys.rewrapDataKeys().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MasterKeyMissingError);
    expect((error as MasterKeyMissingError).masterKeyIds).toEqual([lostId]);
    expect((error as Error).message).toContain(lostId);

    const rows = await wrappedDataKeys(rotatable.map((ws) => ws.workspaceId));
    expect(rows.map((row) => row.data_key_master_id)).toEqual([after.ring.current.id, after.ring.current.id]);
    const [orphanRow] = await wrappedDataKeys([orphan?.workspaceId ?? ""]);
    expect(orphanRow?.data_key_master_id).toBe(lostId);
  });
});
