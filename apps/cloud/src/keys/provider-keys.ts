import type {
  Provider,
  ProviderKeySummary,
  PutProviderKeyRequest,
  SyncedProviderKey,
} from "@multiclaw/protocol";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase, ProviderKeysTable } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { ChangeContext, RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { requireMembership } from "../workspaces/access.ts";
import { bumpConfigRevision } from "../workspaces/config-revision.ts";
import { lockDataKey, readDataKey, rewrapDataKeys } from "./data-key.ts";
import { decryptSecret, EnvelopeError, encryptSecret } from "./envelope.ts";
import type { MasterKeyRing } from "./master-key.ts";

type Reader = Kysely<CloudDatabase> | Transaction<CloudDatabase>;
type ProviderKeyRow = Selectable<ProviderKeysTable>;

export interface ProviderKeyService {
  /** Sets (or replaces) a workspace's key for one provider. Owner or admin. */
  put(
    principal: Principal,
    workspaceId: string,
    provider: Provider,
    input: PutProviderKeyRequest,
  ): Promise<ProviderKeySummary>;
  /** What any member may see: provider, last four characters, base URL, who changed it and when. */
  list(principal: Principal, workspaceId: string): Promise<ProviderKeySummary[]>;
  /** Removes a provider's key. Owner or admin; NOT_FOUND when there is none. */
  remove(principal: Principal, workspaceId: string, provider: Provider): Promise<void>;
  /**
   * The decrypted keys, for config sync only: the caller has already established that it is serving an
   * authenticated instance of this workspace. Pass the sync's transaction as `reader` to read the keys at the
   * same revision as the rest of the snapshot.
   */
  decryptForSync(workspaceId: string, reader?: Reader): Promise<SyncedProviderKey[]>;
  /** Re-wraps data keys still wrapped by a previous master key; safe to run at every start. */
  rewrapDataKeys(): Promise<number>;
}

export interface ProviderKeyServiceDeps {
  db: Database;
  masterKeys: MasterKeyRing;
  /** Writes go through the change runner; its clock stamps `updated_at`, so the service needs none of its own. */
  runChange: RunChange;
}

function summaryOf(
  row: Pick<ProviderKeyRow, "provider" | "last_four" | "base_url" | "updated_at" | "updated_by">,
) {
  return {
    provider: row.provider as Provider,
    lastFour: row.last_four,
    baseUrl: row.base_url,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
  } satisfies ProviderKeySummary;
}

async function announce(change: ChangeContext, workspaceId: string, changedBy: string): Promise<void> {
  const revision = await bumpConfigRevision(change.tx, workspaceId, "provider-keys");
  await change.emit(workspaceId, { name: "config-changed", revision, scope: "provider-keys", changedBy });
}

/**
 * Provider keys (OpenAI, Anthropic, Gemini, OpenAI-compatible endpoints) under envelope encryption. Keys are
 * write-only through this service: listings carry the last four characters, and only `decryptForSync`
 * returns a key.
 *
 * @example
 * const keys = createProviderKeyService({ db, masterKeys: ring, runChange, clock: systemClock });
 * await keys.put(principal, workspaceId, "anthropic", { apiKey: "sk-ant-…" });
 */
export function createProviderKeyService(deps: ProviderKeyServiceDeps): ProviderKeyService {
  const { db, masterKeys, runChange } = deps;

  return {
    async put(principal, workspaceId, provider, input) {
      const baseUrl = input.baseUrl ?? null;
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId, "admin");
        if (provider === "openai-compatible" && baseUrl === null) {
          throw new CloudError(
            "VALIDATION_FAILED",
            "An openai-compatible provider needs the baseUrl of its endpoint",
            {
              fieldProblems: [{ path: "baseUrl", message: "required for openai-compatible" }],
            },
          );
        }
        // Locks the workspace row first, so the version read below cannot race another put.
        const dataKey = await lockDataKey(change.tx, masterKeys, workspaceId);
        try {
          const previous = await change.tx
            .selectFrom("provider_keys")
            .select("key_version")
            .where("workspace_id", "=", workspaceId)
            .where("provider", "=", provider)
            .executeTakeFirst();
          const keyVersion = (previous?.key_version ?? 0) + 1;
          const row = {
            ciphertext: encryptSecret(input.apiKey, dataKey, { workspaceId, provider, keyVersion }),
            key_version: keyVersion,
            last_four: input.apiKey.slice(-4),
            base_url: baseUrl,
            updated_by: principal.userId,
            updated_at: change.now,
          };
          await change.tx
            .insertInto("provider_keys")
            .values({ workspace_id: workspaceId, provider, ...row })
            .onConflict((conflict) => conflict.columns(["workspace_id", "provider"]).doUpdateSet(row))
            .execute();
          await announce(change, workspaceId, principal.userId);
          return summaryOf({ provider, ...row });
        } finally {
          dataKey.fill(0);
        }
      });
    },

    async list(principal, workspaceId) {
      await requireMembership(db, principal, workspaceId);
      const rows = await db
        .selectFrom("provider_keys")
        .select(["provider", "last_four", "base_url", "updated_at", "updated_by"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("provider")
        .execute();
      return rows.map(summaryOf);
    },

    async remove(principal, workspaceId, provider) {
      await runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId, "admin");
        const removed = await change.tx
          .deleteFrom("provider_keys")
          .where("workspace_id", "=", workspaceId)
          .where("provider", "=", provider)
          .returning("provider")
          .executeTakeFirst();
        if (!removed) throw notFound("provider key");
        await announce(change, workspaceId, principal.userId);
      });
    },

    async decryptForSync(workspaceId, reader = db) {
      const rows = await reader
        .selectFrom("provider_keys")
        .select(["provider", "key_version", "ciphertext", "base_url"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("provider")
        .execute();
      if (rows.length === 0) return [];
      const dataKey = await readDataKey(reader, masterKeys, workspaceId);
      if (!dataKey) throw new Error(`Workspace ${workspaceId} has provider keys but no data key`);
      try {
        return rows.map((row) => {
          const provider = row.provider as Provider;
          const binding = { workspaceId, provider, keyVersion: row.key_version };
          try {
            const apiKey = decryptSecret(row.ciphertext, dataKey, binding);
            return { provider, apiKey, baseUrl: row.base_url, keyVersion: row.key_version };
          } catch (error) {
            if (!(error instanceof EnvelopeError)) throw error;
            throw new EnvelopeError(`Workspace ${workspaceId}, ${provider} key: ${error.message}`, {
              cause: error,
            });
          }
        });
      } finally {
        dataKey.fill(0);
      }
    },

    rewrapDataKeys: () => rewrapDataKeys(db, masterKeys),
  };
}
