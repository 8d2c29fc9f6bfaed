import type { Role } from "@multiclaw/protocol";

/*
 * The Cloud's rule (apps/cloud/src/agents/agent-service.ts: `requireMembership(…, "admin")` on create, update
 * and delete): owners and admins change agents; every member sees them and chats with them. Said here so the
 * screen can explain before the Cloud refuses; the Cloud still decides.
 */

/** Why this role may not change the workspace's agents, or null when it may. */
export function agentChangeRefusal(role: Role, workspaceName: string): string | null {
  if (role === "owner" || role === "admin") return null;
  return `Only owners and admins of ${workspaceName} can create, change or delete agents; you are a member. You can still chat with them.`;
}
