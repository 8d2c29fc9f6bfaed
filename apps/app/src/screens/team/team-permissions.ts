import type { Member, Role } from "@multiclaw/protocol";

/*
 * What the signed-in person may do to the team, by the Cloud's own rules (apps/cloud/src/workspaces): owners
 * and admins manage members, only an owner touches an owner or makes one, anyone may leave, and a workspace
 * always keeps one owner. The screen disables what these refuse and shows the reason; the Cloud still decides.
 */

export type Verdict = { allowed: true } | { allowed: false; reason: string };

/** One sentence for both refusals, so a last owner's row says it once. */
const LAST_OWNER = "A workspace needs an owner: make someone else an owner first.";

/** The same words for changing and removing, so an owner's row says it once. */
const OWNERS_ONLY = "Only an owner can change or remove an owner.";

const allowed: Verdict = { allowed: true };
const refused = (reason: string): Verdict => ({ allowed: false, reason });

/** The people the workspace needs to act: the members that are owners now. */
export function ownerCount(members: readonly Pick<Member, "role">[]): number {
  return members.filter((member) => member.role === "owner").length;
}

/** Why a role cannot manage the team at all; null when it can. Shown once, above the list. */
export function teamLimit(actor: Role): string | null {
  return actor === "member"
    ? "You are a member: only owners and admins change roles, remove people and invite."
    : null;
}

/** The roles the actor may give; an admin may not make an owner. */
export function grantableRoles(actor: Role): Role[] {
  if (actor === "owner") return ["owner", "admin", "member"];
  if (actor === "admin") return ["admin", "member"];
  return [];
}

export function mayChangeRole(actor: Role, target: Pick<Member, "role">, owners: number): Verdict {
  if (actor === "member") return refused("Only owners and admins change roles.");
  if (target.role === "owner" && actor !== "owner") return refused(OWNERS_ONLY);
  if (target.role === "owner" && owners <= 1) return refused(LAST_OWNER);
  return allowed;
}

export function mayRemove(
  actor: { role: Role; userId: string },
  target: Pick<Member, "role" | "userId">,
  owners: number,
): Verdict {
  const lastOwner = target.role === "owner" && owners <= 1;
  if (actor.userId === target.userId) return lastOwner ? refused(LAST_OWNER) : allowed;
  if (actor.role === "member") return refused("Only owners and admins remove people.");
  if (target.role === "owner" && actor.role !== "owner") return refused(OWNERS_ONLY);
  return lastOwner ? refused(LAST_OWNER) : allowed;
}

export function mayInvite(actor: Role): Verdict {
  return actor === "member" ? refused("Only owners and admins invite people and see invitations.") : allowed;
}

/** Signing a gateway out of the workspace: its own user may, and owners and admins may for anyone. */
export function maySignOutInstance(
  actor: { role: Role; userId: string },
  instance: { userId: string },
): Verdict {
  if (instance.userId === actor.userId || actor.role !== "member") return allowed;
  return refused("Only its owner, an admin or an owner can sign a gateway out.");
}
