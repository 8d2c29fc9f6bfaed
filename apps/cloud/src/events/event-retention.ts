import { sql } from "kysely";
import type { Database } from "../db/connect.ts";

/**
 * Deletes, in every workspace, the events older than the newest `retention`. A client that comes back from
 * further behind is told to resync. Safe to run on every node at once: each run deletes what is left.
 * Returns how many events were deleted.
 *
 * @example
 * await pruneEvents(db, config.eventRetention);
 */
export async function pruneEvents(db: Database, retention: number): Promise<number> {
  if (!Number.isSafeInteger(retention) || retention < 1) {
    throw new Error("Event retention must be at least 1");
  }
  // Find the workspaces that have something to delete through the (workspace_id, seq) key, then delete each
  // one's range through it too: no pass over the whole events table.
  const horizon = sql<number>`w.event_seq - ${retention}`;
  const due = await db
    .selectFrom("workspaces as w")
    .select(["w.id", horizon.as("horizon")])
    .where("w.event_seq", ">", retention)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("events as e")
          .select(sql`1`.as("one"))
          .whereRef("e.workspace_id", "=", "w.id")
          .where("e.seq", "<=", horizon),
      ),
    )
    .execute();
  let deleted = 0;
  for (const workspace of due) {
    const result = await db
      .deleteFrom("events")
      .where("workspace_id", "=", workspace.id)
      .where("seq", "<=", Number(workspace.horizon))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Where a workspace's event stream stands: its newest seq, and the oldest seq still stored. */
export interface EventLogBounds {
  seq: number;
  /** `seq + 1` when nothing is stored (no events yet): a client at `seq` has nothing to replay. */
  oldestRetainedSeq: number;
}

/** One round-trip; null when the workspace does not exist. */
export async function readEventLogBounds(db: Database, workspaceId: string): Promise<EventLogBounds | null> {
  const row = await db
    .selectFrom("workspaces")
    .select((eb) => [
      "event_seq",
      eb
        .selectFrom("events")
        .select((inner) => inner.fn.min("seq").as("oldest"))
        .where("events.workspace_id", "=", workspaceId)
        .as("oldest"),
    ])
    .where("id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) return null;
  const oldest = row.oldest === null || row.oldest === undefined ? null : Number(row.oldest);
  return { seq: row.event_seq, oldestRetainedSeq: oldest ?? row.event_seq + 1 };
}
