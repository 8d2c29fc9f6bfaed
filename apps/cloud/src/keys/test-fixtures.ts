import type { Role } from "@multiclaw/protocol";
import { sql } from "kysely";
import { pino } from "pino";
import type { Database } from "../db/connect.ts";
import type { Fanout, FanoutMessage } from "../events/fanout.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";

/*
 * Test helpers for the provider-key tests: rows inserted directly (the workspace and auth services are written
 * elsewhere) and a fan-out that records what was published.
 */

export const silentLogger = pino({ level: "silent" });

/** A user's app session, as the authenticator would resolve it. */
export function userPrincipal(userId: string): Principal {
  return { userId, familyId: `fam-${userId}`, instanceId: null, instanceWorkspaceId: null };
}

export async function insertUser(db: Database): Promise<string> {
  const id = newId("user");
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.test`, name: "Test User", password_hash: "not-a-real-hash" })
    .execute();
  return id;
}

export interface SeededWorkspace {
  workspaceId: string;
  /** User ids by role: one owner, one admin, one plain member. */
  owner: string;
  admin: string;
  member: string;
}

/** A workspace with an owner, an admin and a member. */
export async function seedWorkspace(db: Database): Promise<SeededWorkspace> {
  const workspaceId = newId("workspace");
  await db.insertInto("workspaces").values({ id: workspaceId, name: "Test workspace" }).execute();
  const seeded = { workspaceId, owner: "", admin: "", member: "" };
  for (const role of ["owner", "admin", "member"] as const satisfies Role[]) {
    const userId = await insertUser(db);
    await db.insertInto("memberships").values({ workspace_id: workspaceId, user_id: userId, role }).execute();
    seeded[role] = userId;
  }
  return seeded;
}

export interface RecordingFanout extends Fanout {
  published: FanoutMessage[];
}

/** Keeps every published message and hands it to subscribers in this process. */
export function createRecordingFanout(): RecordingFanout {
  const handlers = new Set<(message: FanoutMessage) => void>();
  const published: FanoutMessage[] = [];
  return {
    published,
    async publish(message) {
      published.push(message);
      for (const handler of handlers) handler(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    isHealthy: async () => true,
    close: async () => handlers.clear(),
  };
}

/** The ways a secret could sit in a column in recognisable form: as is, base64, base64url or hex. */
export function encodingsOf(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
  const forms = [bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
  return typeof secret === "string" ? [secret, ...forms] : forms;
}

/**
 * Every `table.column` of the public schema whose stored value contains one of `needles`: text and JSON
 * columns as text, bytea columns both as raw bytes and as text. Used to prove a secret is nowhere in clear.
 */
export async function findInDatabase(db: Database, needles: readonly string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'bytea', 'json', 'jsonb')
    order by table_name, column_name
  `.execute(db);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await sql<{
      value: unknown;
    }>`select ${sql.ref(column)} as value from ${sql.table(table)}`.execute(db);
    const found = rows.some(({ value }) => {
      if (value === null || value === undefined) return false;
      const text =
        value instanceof Uint8Array
          ? Buffer.from(value).toString("latin1")
          : typeof value === "string"
            ? value
            : JSON.stringify(value);
      const bytes = value instanceof Uint8Array ? Buffer.from(value) : null;
      return needles.some((needle) => text.includes(needle) || bytes?.includes(Buffer.from(needle, "utf8")));
    });
    if (found) hits.push(`${table}.${column}`);
  }
  return hits;
}
