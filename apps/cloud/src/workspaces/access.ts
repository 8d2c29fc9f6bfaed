import type { Role } from "@multiclaw/protocol";
import type { Kysely, Transaction } from "kysely";
import type { CloudDatabase } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { Principal } from "../http/principal.ts";

const rank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

type Reader = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

/**
 * The authorization check of every workspace route. A caller who is not a member gets NOT_FOUND, the same
 * answer as for a workspace that does not exist, so ids cannot be probed. A member whose role is too low gets
 * FORBIDDEN. An instance may act only in the workspace it was approved for.
 */
export async function requireMembership(
  db: Reader,
  principal: Principal,
  workspaceId: string,
  minimum: Role = "member",
): Promise<Role> {
  if (principal.instanceWorkspaceId !== null && principal.instanceWorkspaceId !== workspaceId) {
    throw notFound("workspace");
  }
  const membership = await db
    .selectFrom("memberships")
    .select("role")
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", principal.userId)
    .executeTakeFirst();
  if (!membership) throw notFound("workspace");
  if (!roleAtLeast(membership.role, minimum)) {
    throw new CloudError("FORBIDDEN", `This needs the ${minimum} role or higher; you are ${membership.role}`);
  }
  return membership.role;
}
