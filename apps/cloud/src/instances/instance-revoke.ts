import { CloudError, notFound } from "../errors.ts";
import type { ChangeContext } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { requireMembership, roleAtLeast } from "../workspaces/access.ts";

/**
 * Revokes an instance's device credential inside `change`. Allowed to the instance's own user and to the
 * workspace's admins and owners; another member gets FORBIDDEN (teammates can see the instance, so hiding it
 * would be pointless), a non-member NOT_FOUND.
 *
 * Everything that lets the instance act ends in the same transaction: its session families are revoked (so
 * its refresh token is refused), its access tokens are deleted (so its next request is refused), and after
 * commit every node closes its event connections. Revoking an instance twice is not an error.
 */
export async function revokeInstance(
  change: ChangeContext,
  principal: Principal,
  workspaceId: string,
  instanceId: string,
): Promise<void> {
  const { tx, now } = change;
  const role = await requireMembership(tx, principal, workspaceId);
  const instance = await tx
    .selectFrom("instances")
    .select(["user_id", "revoked_at"])
    .where("id", "=", instanceId)
    .where("workspace_id", "=", workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!instance) throw notFound("instance");
  if (instance.user_id !== principal.userId && !roleAtLeast(role, "admin")) {
    throw new CloudError("FORBIDDEN", "Only the instance's own user, an admin or an owner may revoke it");
  }
  if (instance.revoked_at !== null) return;

  await tx
    .updateTable("instances")
    .set({ revoked_at: now, presence: "offline" })
    .where("id", "=", instanceId)
    .execute();
  await tx
    .updateTable("session_families")
    .set({ revoked_at: now, revoked_reason: "instance-revoked" })
    .where("instance_id", "=", instanceId)
    .where("revoked_at", "is", null)
    .execute();
  await tx
    .deleteFrom("access_tokens")
    .where((eb) =>
      eb.or([
        eb("instance_id", "=", instanceId),
        eb(
          "family_id",
          "in",
          eb.selectFrom("session_families").select("id").where("instance_id", "=", instanceId),
        ),
      ]),
    )
    .execute();
  // Always announced, even if it was already offline: teammates' lists drop it.
  await change.emit(workspaceId, {
    name: "instance-presence",
    instanceId,
    userId: instance.user_id,
    presence: "offline",
  });
  change.afterCommit({ kind: "close-instance", instanceId });
}
