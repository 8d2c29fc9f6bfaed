import type { Database } from "../db/connect.ts";
import { type CloseReason, closeReasons } from "./close-reasons.ts";
import type { EventConnection, WorkspaceChannel } from "./event-connection.ts";

export interface MembershipSweepDeps {
  db: Database;
  channels: ReadonlyMap<string, WorkspaceChannel>;
  close(connection: EventConnection, reason: CloseReason): void;
}

/**
 * Defence in depth behind the `close-member` fan-out message (which Redis may drop): closes every connection
 * whose user is no longer a member of its workspace. One query per workspace with connections, not one per
 * connection. Returns how many connections it closed.
 */
export async function sweepMemberships(deps: MembershipSweepDeps): Promise<number> {
  let closed = 0;
  for (const channel of [...deps.channels.values()]) {
    // Only connections that joined before the query: a member added since is missing from its answer.
    const connections = [...channel.connections];
    if (connections.length === 0) continue;
    const rows = await deps.db
      .selectFrom("memberships")
      .select("user_id")
      .where("workspace_id", "=", channel.workspaceId)
      .execute();
    const members = new Set(rows.map((row) => row.user_id));
    for (const connection of connections) {
      if (connection.state === "closing" || members.has(connection.userId)) continue;
      deps.close(connection, closeReasons.membershipEnded);
      closed += 1;
    }
  }
  return closed;
}
