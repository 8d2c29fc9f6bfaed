import type { Invitation } from "@multiclaw/protocol";

/** Invitations whose link still works: not accepted, not revoked, not expired; the newest first. */
export function pendingInvitations(invitations: readonly Invitation[], now: number): Invitation[] {
  return invitations
    .filter((i) => i.acceptedAt === null && i.revokedAt === null && Date.parse(i.expiresAt) > now)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
