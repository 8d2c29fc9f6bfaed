import type { Kysely, Transaction } from "kysely";
import { cloudEnvironment } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { EnvelopeError, newDataKey, unwrapDataKey, wrapDataKey } from "./envelope.ts";
import type { MasterKeyRing } from "./master-key.ts";

type Reader = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

/**
 * A data key is wrapped by a master key this Cloud was not given. Raised instead of returning garbage, and
 * named so an operator knows which key to put back.
 */
export class MasterKeyMissingError extends Error {
  readonly masterKeyIds: readonly string[];

  constructor(masterKeyIds: readonly string[], affected: string, ring: MasterKeyRing) {
    super(
      `${affected} wrapped by master key ${masterKeyIds.join(", ")}, which this Cloud was not given ` +
        `(it has ${ring.ids.join(", ")}). Put that key back as masterKey (${cloudEnvironment.masterKey}) ` +
        `or in previousMasterKeys (${cloudEnvironment.previousMasterKeys})`,
    );
    this.name = "MasterKeyMissingError";
    this.masterKeyIds = masterKeyIds;
  }
}

interface StoredDataKey {
  data_key_wrapped: Uint8Array | null;
  data_key_master_id: string | null;
}

function unwrapStored(ring: MasterKeyRing, workspaceId: string, row: StoredDataKey): Buffer | null {
  if (row.data_key_wrapped === null || row.data_key_master_id === null) return null;
  const masterKey = ring.find(row.data_key_master_id);
  if (!masterKey) {
    throw new MasterKeyMissingError(
      [row.data_key_master_id],
      `The data key of workspace ${workspaceId} is`,
      ring,
    );
  }
  try {
    return unwrapDataKey(row.data_key_wrapped, masterKey, workspaceId);
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    throw new EnvelopeError(`Workspace ${workspaceId}: ${error.message}`, { cause: error });
  }
}

/**
 * Locks the workspace row (`select … for update`) and returns its data key, creating and storing one on first
 * use. The lock is what stops two concurrent first writes from each creating a data key and one of them
 * encrypting under a key that is then overwritten.
 */
export async function lockDataKey(
  tx: Transaction<CloudDatabase>,
  ring: MasterKeyRing,
  workspaceId: string,
): Promise<Buffer> {
  const row = await tx
    .selectFrom("workspaces")
    .select(["data_key_wrapped", "data_key_master_id"])
    .where("id", "=", workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound("workspace");
  const existing = unwrapStored(ring, workspaceId, row);
  if (existing) return existing;
  const dataKey = newDataKey();
  await tx
    .updateTable("workspaces")
    .set({
      data_key_wrapped: wrapDataKey(dataKey, ring.current, workspaceId),
      data_key_master_id: ring.current.id,
    })
    .where("id", "=", workspaceId)
    .execute();
  return dataKey;
}

/** The workspace's data key, or null when it has none yet (no key was ever stored). */
export async function readDataKey(
  reader: Reader,
  ring: MasterKeyRing,
  workspaceId: string,
): Promise<Buffer | null> {
  const row = await reader
    .selectFrom("workspaces")
    .select(["data_key_wrapped", "data_key_master_id"])
    .where("id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) throw notFound("workspace");
  return unwrapStored(ring, workspaceId, row);
}

const REWRAP_PAGE = 100;

/**
 * Re-wraps every data key that an earlier master key wrapped under the current one. Touches only the
 * workspace's wrapped data key and its master key id; provider ciphertexts stay byte-for-byte the same.
 * Each workspace is re-wrapped in its own short transaction under the row lock and re-checked there, so
 * running it again, or on two nodes at once, does nothing twice. Returns how many it re-wrapped.
 *
 * Workspaces whose master key is missing are skipped, the rest are still re-wrapped, and then a
 * MasterKeyMissingError names the missing key ids.
 */
export async function rewrapDataKeys(db: Database, ring: MasterKeyRing): Promise<number> {
  const currentId = ring.current.id;
  const missing = new Map<string, number>();
  let rewrapped = 0;
  let after = "";
  for (;;) {
    const page = await db
      .selectFrom("workspaces")
      .select(["id", "data_key_master_id"])
      .where("data_key_wrapped", "is not", null)
      .where("data_key_master_id", "<>", currentId)
      .where("id", ">", after)
      .orderBy("id")
      .limit(REWRAP_PAGE)
      .execute();
    for (const { id, data_key_master_id: masterId } of page) {
      if (masterId !== null && !ring.find(masterId)) {
        missing.set(masterId, (missing.get(masterId) ?? 0) + 1);
        continue;
      }
      if (await rewrapOne(db, ring, id)) rewrapped += 1;
    }
    const last = page.at(-1);
    if (!last || page.length < REWRAP_PAGE) break;
    after = last.id;
  }
  if (missing.size > 0) {
    const count = [...missing.values()].reduce((sum, n) => sum + n, 0);
    throw new MasterKeyMissingError(
      [...missing.keys()],
      `${rewrapped} data key(s) were re-wrapped; ${count} are`,
      ring,
    );
  }
  return rewrapped;
}

async function rewrapOne(db: Database, ring: MasterKeyRing, workspaceId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("workspaces")
      .select(["data_key_wrapped", "data_key_master_id"])
      .where("id", "=", workspaceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.data_key_master_id === ring.current.id) return false;
    const dataKey = unwrapStored(ring, workspaceId, row);
    if (!dataKey) return false;
    try {
      await tx
        .updateTable("workspaces")
        .set({
          data_key_wrapped: wrapDataKey(dataKey, ring.current, workspaceId),
          data_key_master_id: ring.current.id,
        })
        .where("id", "=", workspaceId)
        .execute();
    } finally {
      dataKey.fill(0);
    }
    return true;
  });
}
