import type { Role } from "@multiclaw/protocol";

/*
 * The Cloud's rule (apps/cloud/src/keys/provider-keys.ts: `requireMembership(…, "admin")` on put and remove):
 * owners and admins change provider keys; every member sees the list. Said here so the screen can explain
 * before the Cloud has to refuse; the Cloud still decides.
 */

/** Why this role may not change the workspace's keys, or null when it may. */
export function keyChangeRefusal(role: Role, workspaceName: string): string | null {
  if (role === "owner" || role === "admin") return null;
  return `Only owners and admins of ${workspaceName} can set or remove provider keys; you are a member. Ask an admin to add the key you need.`;
}
