import type Database from "libsql";
import type { z } from "zod";
import { parseStored, readJson, writeJson } from "./stored-value.ts";

/**
 * Small pieces of gateway state that must outlive a restart: the last Cloud event number seen, the last config
 * revision applied, blocked-connection records. Values are JSON.
 *
 * Never put a secret here (provider keys, access or refresh tokens): they live in memory only, and this file
 * sits unencrypted on the user's disk. The store cannot tell a secret from other text, so the caller decides;
 * a `Secret` from @multiclaw/agent serialises to "[secret]", never to its value.
 */
export interface GatewayStateStore {
  /** The value under `key` checked against `schema`, or undefined when there is none. */
  get<T extends z.ZodType>(key: string, schema: T): z.output<T> | undefined;
  /** Stores `value` durably (committed before this returns). */
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

const MAX_KEY_LENGTH = 200;

export function createStateStore(db: Database.Database, now: () => Date): GatewayStateStore {
  const select = db.prepare("SELECT value FROM gateway_state WHERE key = ?");
  const upsert = db.prepare(
    `INSERT INTO gateway_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare("DELETE FROM gateway_state WHERE key = ?");

  return {
    get(key, schema) {
      const row = select.get(checkKey(key)) as { value: string } | undefined;
      if (row === undefined) return undefined;
      const what = `gateway state "${key}"`;
      return parseStored(schema, readJson(row.value, what), what);
    },
    set(key, value) {
      upsert.run(checkKey(key), writeJson(value, `gateway state "${key}"`), now().toISOString());
    },
    delete(key) {
      remove.run(checkKey(key));
    },
  };
}

function checkKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(`a gateway state key has 1–${MAX_KEY_LENGTH} characters`);
  }
  return key;
}
