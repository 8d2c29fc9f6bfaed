import type { CloudClient } from "@multiclaw/cloud-client";
import type { Member } from "@multiclaw/protocol";

/*
 * Tables name people rather than print `usr_…` ids: who set a key, who created a task. Any member may list the
 * members, so this costs one request and needs no extra right.
 */

export type MemberNames = (userId: string | null) => string;

export function nameOf(members: readonly Member[]): MemberNames {
  const byId = new Map(members.map((member) => [member.userId, member]));
  return (userId) => {
    if (userId === null) return "-";
    const member = byId.get(userId);
    // Someone who has left the workspace: their id is all that is left to show.
    return member ? member.name || member.email : userId;
  };
}

export async function memberNames(
  cloud: CloudClient,
  workspaceId: string,
  signal: AbortSignal,
): Promise<MemberNames> {
  const { members } = await cloud.call("listMembers", { params: { workspaceId }, signal });
  return nameOf(members);
}
