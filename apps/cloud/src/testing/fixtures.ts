import { EventFrame, type Role } from "@multiclaw/protocol";
import { Hono } from "hono";
import { sql } from "kysely";
import { pino } from "pino";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError, isCloudError } from "../errors.ts";
import { createChangeRunner, type RunChange } from "../events/emit.ts";
import type { Fanout, FanoutMessage } from "../events/fanout.ts";
import { createRouteBinder, type RouteBinder } from "../http/bind-routes.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { problemFor, problemResponse } from "../http/problem.ts";
import { newId } from "../ids.ts";

/*
 * Shared test helpers for service-level Cloud tests: rows inserted directly, a clock the test moves, a fan-out
 * that records what was published, a Hono app with the real route binder, and a scan of the whole database for
 * secrets.
 */

export const silentLogger = pino({ level: "silent" });

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** Starts at a fixed instant and moves only when told to. */
export function createManualClock(start = new Date("2030-01-01T00:00:00.000Z")): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

export interface RecordingFanout extends Fanout {
  published: FanoutMessage[];
}

export function createRecordingFanout(): RecordingFanout {
  const published: FanoutMessage[] = [];
  const handlers = new Set<(message: FanoutMessage) => void>();
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

/** The event frames published so far, in publish order, parsed with the wire schema (so they must be valid). */
export function publishedFrames(fanout: RecordingFanout): EventFrame[] {
  return fanout.published.flatMap((message) =>
    message.kind === "event" ? [EventFrame.parse(JSON.parse(message.frame))] : [],
  );
}

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

export async function insertWorkspace(db: Database): Promise<string> {
  const id = newId("workspace");
  await db.insertInto("workspaces").values({ id, name: "Test workspace" }).execute();
  return id;
}

export async function addMember(
  db: Database,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db.insertInto("memberships").values({ workspace_id: workspaceId, user_id: userId, role }).execute();
}

export async function insertAgent(db: Database, workspaceId: string, createdBy: string): Promise<string> {
  const id = newId("agent");
  await db
    .insertInto("agents")
    .values({
      id,
      workspace_id: workspaceId,
      name: "Ops agent",
      instructions: "",
      provider: "anthropic",
      model: "claude-test",
      tool_policy: JSON.stringify({ requireApproval: [], deny: [] }),
      mcp_servers: JSON.stringify({}),
      revision: 1,
      created_by: createdBy,
      updated_at: new Date(),
    })
    .execute();
  return id;
}

export interface ChangeHarness {
  clock: ManualClock;
  fanout: RecordingFanout;
  runChange: RunChange;
}

/** The real change runner over a manual clock and a recording fan-out. */
export function createChangeHarness(db: Database): ChangeHarness {
  const clock = createManualClock();
  const fanout = createRecordingFanout();
  return { clock, fanout, runChange: createChangeRunner({ db, fanout, clock, logger: silentLogger }) };
}

/** An authenticator backed by a fixed table of bearer token → principal. */
export function tokenTable(tokens: Map<string, Principal>): Authenticator {
  return {
    async authenticate(token) {
      const principal = tokens.get(token);
      if (!principal) throw new CloudError("AUTH_INVALID");
      return principal;
    },
  };
}

/** A Hono app with the real route binder; errors become problem documents the way the server's edge does it. */
export function createTestApp(
  db: Database,
  authenticator: Authenticator,
  register: (binder: RouteBinder) => void,
): Hono {
  const app = new Hono();
  app.onError((error) =>
    isCloudError(error) ? problemResponse(error) : problemFor("INTERNAL", String(error)),
  );
  register(
    createRouteBinder({ app, db, authenticator, rateLimit: async () => {}, clientIp: () => "127.0.0.1" }),
  );
  return app;
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
  const workspaceId = await insertWorkspace(db);
  const seeded = { workspaceId, owner: "", admin: "", member: "" };
  for (const role of ["owner", "admin", "member"] as const satisfies Role[]) {
    const userId = await insertUser(db);
    await addMember(db, workspaceId, userId, role);
    seeded[role] = userId;
  }
  return seeded;
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
