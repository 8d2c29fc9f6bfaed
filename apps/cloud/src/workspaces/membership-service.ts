import type { ChangeRoleRequest, Member, Role } from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import { revokeFamily } from "../auth/sessions.ts";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { ChangeContext, RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { requireMembership } from "./access.ts";
import { bumpConfigRevision } from "./config-revision.ts";
import { membersOf } from "./workspace-dto.ts";

export interface MembershipService {
  list(principal: Principal, workspaceId: string): Promise<Member[]>;
  changeRole(
    principal: Principal,
    workspaceId: string,
    userId: string,
    request: ChangeRoleRequest,
  ): Promise<Member>;
  /** Removes a member, or lets a member leave (`userId` is the caller). */
  remove(principal: Principal, workspaceId: string, userId: string): Promise<void>;
}

async function lockedRole(
  tx: Transaction<CloudDatabase>,
  workspaceId: string,
  userId: string,
): Promise<Role | null> {
  const row = await tx
    .selectFrom("memberships")
    .select("role")
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  return row?.role ?? null;
}

async function ownerCount(tx: Transaction<CloudDatabase>, workspaceId: string): Promise<number> {
  const row = await tx
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string | number>().as("owners"))
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.owners);
}

/** Only an owner may touch an owner, or make someone an owner; admins manage members and admins. */
function assertMayManage(actor: Role, target: Role, newRole?: Role): void {
  if (actor === "member") throw new CloudError("FORBIDDEN", "Only owners and admins manage members");
  if (actor === "admin" && (target === "owner" || newRole === "owner")) {
    throw new CloudError("FORBIDDEN", "Only an owner can change an owner or make someone an owner");
  }
}

/**
 * A member who leaves loses every instance bound to that workspace: the instances are revoked, their sessions
 * end and their event connections close.
 */
async function revokeMemberInstances(
  change: ChangeContext,
  workspaceId: string,
  userId: string,
): Promise<void> {
  const instances = await change.tx
    .updateTable("instances")
    .set({ revoked_at: change.now, presence: "offline" })
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  for (const { id } of instances) {
    const families = await change.tx
      .selectFrom("session_families")
      .select("id")
      .where("instance_id", "=", id)
      .execute();
    for (const family of families) await revokeFamily(change.tx, family.id, "instance-revoked", change.now);
    change.afterCommit({ kind: "close-instance", instanceId: id });
  }
}

export function createMembershipService(deps: { db: Database; runChange: RunChange }): MembershipService {
  const { db, runChange } = deps;

  return {
    async list(principal, workspaceId) {
      await requireMembership(db, principal, workspaceId);
      return membersOf(db, workspaceId);
    },

    async changeRole(principal, workspaceId, userId, request) {
      return runChange(async (change) => {
        const { tx } = change;
        const actor = await requireMembership(tx, principal, workspaceId);
        const current = await lockedRole(tx, workspaceId, userId);
        if (!current) throw notFound("member");
        assertMayManage(actor, current, request.role);
        if (current === request.role)
          return (await membersOf(tx, workspaceId)).find((m) => m.userId === userId) as Member;
        if (current === "owner" && (await ownerCount(tx, workspaceId)) <= 1) {
          throw new CloudError("LAST_OWNER", "Make someone else an owner first");
        }
        await tx
          .updateTable("memberships")
          .set({ role: request.role })
          .where("workspace_id", "=", workspaceId)
          .where("user_id", "=", userId)
          .execute();
        const revision = await bumpConfigRevision(tx, workspaceId, "members");
        await change.emit(workspaceId, {
          name: "membership-changed",
          userId,
          change: "role-changed",
          role: request.role,
          revision,
        });
        return (await membersOf(tx, workspaceId)).find((m) => m.userId === userId) as Member;
      });
    },

    async remove(principal, workspaceId, userId) {
      await runChange(async (change) => {
        const { tx } = change;
        const actor = await requireMembership(tx, principal, workspaceId);
        const leaving = userId === principal.userId;
        const current = await lockedRole(tx, workspaceId, userId);
        if (!current) throw notFound("member");
        if (!leaving) assertMayManage(actor, current);
        if (current === "owner" && (await ownerCount(tx, workspaceId)) <= 1) {
          throw new CloudError("LAST_OWNER", "A workspace must keep at least one owner");
        }
        await tx
          .deleteFrom("memberships")
          .where("workspace_id", "=", workspaceId)
          .where("user_id", "=", userId)
          .execute();
        await revokeMemberInstances(change, workspaceId, userId);
        const revision = await bumpConfigRevision(tx, workspaceId, "members");
        await change.emit(workspaceId, {
          name: "membership-changed",
          userId,
          change: leaving ? "left" : "removed",
          role: null,
          revision,
        });
        change.afterCommit({ kind: "close-member", workspaceId, userId });
      });
    },
  };
}
