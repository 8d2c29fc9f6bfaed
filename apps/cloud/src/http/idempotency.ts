import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { CloudError } from "../errors.ts";

/** The idempotency key of the request being handled, if it sent one. */
export interface IdempotencyScope {
  userId: string;
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  recorded: boolean;
}

const current = new AsyncLocalStorage<IdempotencyScope>();

export function runWithIdempotency<T>(scope: IdempotencyScope, work: () => Promise<T>): Promise<T> {
  return current.run(scope, work);
}

export function hashRequest(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

/**
 * Called by the change runner inside the write's own transaction: the answer is stored with the change, so a
 * retry after any crash either finds both or neither. A concurrent twin fails on the primary key and replays.
 */
export async function recordIdempotentResult(tx: Transaction<CloudDatabase>, result: unknown): Promise<void> {
  const scope = current.getStore();
  if (!scope || scope.recorded) return;
  scope.recorded = true;
  await tx
    .insertInto("idempotency_keys")
    .values({
      user_id: scope.userId,
      scope: scope.scope,
      key: scope.key,
      request_hash: scope.requestHash,
      status: scope.status,
      body: JSON.stringify(result ?? null),
    })
    .execute();
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export async function findStoredAnswer(db: Database, scope: IdempotencyScope): Promise<StoredAnswer | null> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status", "body"])
    .where("user_id", "=", scope.userId)
    .where("scope", "=", scope.scope)
    .where("key", "=", scope.key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== scope.requestHash) {
    throw new CloudError("IDEMPOTENCY_MISMATCH", "This Idempotency-Key was used with a different request");
  }
  return { status: row.status, body: row.body };
}
