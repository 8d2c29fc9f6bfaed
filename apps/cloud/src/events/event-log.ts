import type { WorkspaceEvent } from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import type { CloudDatabase } from "../db/schema.ts";

export interface StoredEvent {
  workspaceId: string;
  seq: number;
  frame: string;
}

/**
 * Numbers and stores one event inside the caller's transaction, so the event exists exactly when the change
 * it describes does. The row lock on the workspace serialises numbering: seqs have no gaps and no repeats.
 */
export async function appendEvent(
  tx: Transaction<CloudDatabase>,
  workspaceId: string,
  event: WorkspaceEvent,
  at: Date,
): Promise<StoredEvent> {
  const { event_seq: seq } = await tx
    .updateTable("workspaces")
    .set((eb) => ({ event_seq: eb("event_seq", "+", 1) }))
    .where("id", "=", workspaceId)
    .returning("event_seq")
    .executeTakeFirstOrThrow();
  const frame = JSON.stringify({ type: "event", workspaceId, seq, at: at.toISOString(), event });
  await tx.insertInto("events").values({ workspace_id: workspaceId, seq, frame, created_at: at }).execute();
  return { workspaceId, seq, frame };
}

/** Events after `afterSeq`, in order, as stored frames. */
export async function readEventsAfter(
  db: { selectFrom: Transaction<CloudDatabase>["selectFrom"] },
  workspaceId: string,
  afterSeq: number,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom("events")
    .select(["seq", "frame"])
    .where("workspace_id", "=", workspaceId)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ workspaceId, seq: row.seq, frame: row.frame }));
}
