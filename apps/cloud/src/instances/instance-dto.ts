import type { Instance } from "@multiclaw/protocol";
import type { InstanceRow } from "../db/schema.ts";

/**
 * An instance row as teammates see it: name, platform, presence and when it was last heard from.
 *
 * @example toInstanceDto(row).presence // "connected"
 */
export function toInstanceDto(row: InstanceRow): Instance {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    name: row.name,
    // Written only by device authorization, from a parsed Platform.
    platform: row.platform as Instance["platform"],
    presence: row.presence,
    lastSeenAt: row.last_seen_at === null ? null : row.last_seen_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at === null ? null : row.revoked_at.toISOString(),
  };
}
