import type { Member, Role, Workspace } from "@multiclaw/protocol";
import type { Kysely, Transaction } from "kysely";
import type { CloudDatabase } from "../db/schema.ts";

type Reader = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

interface WorkspaceRow {
  id: string;
  name: string;
  config_revision: number;
  created_at: Date;
}

function workspaceDto(row: WorkspaceRow, role: Role): Workspace {
  return {
    id: row.id,
    name: row.name,
    role,
    configRevision: row.config_revision,
    createdAt: row.created_at.toISOString(),
  };
}

/** The workspaces a user belongs to, with their role in each, oldest first. */
export async function workspacesOf(db: Reader, userId: string): Promise<Workspace[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("workspaces as w", "w.id", "m.workspace_id")
    .select(["w.id", "w.name", "w.config_revision", "w.created_at", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("w.created_at")
    .orderBy("w.id")
    .execute();
  return rows.map((row) => workspaceDto(row, row.role));
}

export async function workspaceFor(db: Reader, workspaceId: string, role: Role): Promise<Workspace> {
  const row = await db
    .selectFrom("workspaces")
    .select(["id", "name", "config_revision", "created_at"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return workspaceDto(row, role);
}

export async function membersOf(db: Reader, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "m.role", "m.joined_at"])
    .where("m.workspace_id", "=", workspaceId)
    .orderBy("m.joined_at")
    .orderBy("u.id")
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    joinedAt: row.joined_at.toISOString(),
  }));
}
