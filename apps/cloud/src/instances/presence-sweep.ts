import type { Presence } from "@multiclaw/protocol";
import { sql, type Transaction } from "kysely";
import type { CloudDatabase } from "../db/schema.ts";

/** The presence rules of the protocol (see Presence): stale after 1.5 intervals of silence, offline after 3. */
export function presenceCutoffs(
  now: Date,
  heartbeatIntervalMs: number,
): { staleBefore: Date; offlineBefore: Date } {
  return {
    staleBefore: new Date(now.getTime() - 1.5 * heartbeatIntervalMs),
    offlineBefore: new Date(now.getTime() - 3 * heartbeatIntervalMs),
  };
}

export interface PresenceTransition {
  instanceId: string;
  workspaceId: string;
  userId: string;
  presence: Presence;
}

/**
 * Moves every instance that has gone quiet to stale or offline, in one statement, and returns what moved.
 *
 * Several Cloud nodes sweep the same table. `for update skip locked` means a row another sweeper (or a
 * heartbeat) holds is left to that holder instead of waited for, and a row is re-checked after it is locked, so
 * each transition is made — and announced — by exactly one node, and sweepers never wait on one another.
 */
export async function sweepPresence(
  tx: Transaction<CloudDatabase>,
  cutoffs: { staleBefore: Date; offlineBefore: Date },
): Promise<PresenceTransition[]> {
  const { staleBefore, offlineBefore } = cutoffs;
  const rows = await tx
    .with("due", (db) =>
      db
        .selectFrom("instances")
        .select((eb) => [
          "id",
          eb
            .case()
            .when(eb.or([eb("last_seen_at", "is", null), eb("last_seen_at", "<", offlineBefore)]))
            .then(sql<Presence>`'offline'`)
            .else(sql<Presence>`'stale'`)
            .end()
            .as("next"),
        ])
        .where("revoked_at", "is", null)
        .where((eb) =>
          eb.or([
            eb.and([eb("presence", "=", "connected"), eb("last_seen_at", "<", staleBefore)]),
            eb.and([
              eb("presence", "!=", "offline"),
              eb.or([eb("last_seen_at", "is", null), eb("last_seen_at", "<", offlineBefore)]),
            ]),
          ]),
        )
        .orderBy("id")
        .forUpdate()
        .skipLocked(),
    )
    .updateTable("instances")
    .from("due")
    .set((eb) => ({ presence: eb.ref("due.next") }))
    .whereRef("instances.id", "=", "due.id")
    .returning(["instances.id", "instances.workspace_id", "instances.user_id", "instances.presence"])
    .execute();
  return rows.map((row) => ({
    instanceId: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    presence: row.presence,
  }));
}
