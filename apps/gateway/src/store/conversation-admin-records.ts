import type { RunStore } from "@multiclaw/agent";
import { terminalRunStates } from "@multiclaw/protocol";
import type Database from "libsql";
import { type ConversationRow, toConversation } from "./conversation-records.ts";
import { ftsQueryOf, MATCH_CLOSE, MATCH_OPEN, snippetOf } from "./conversation-search-query.ts";
import { GatewayStoreError } from "./store-error.ts";

type ConversationAdminMethods = Pick<
  RunStore,
  "searchConversations" | "renameConversation" | "deleteConversation"
>;

/** Tokens of context a snippet shows around the match (SQLite's maximum is 64). */
const SNIPPET_TOKENS = 16;

const ended = terminalRunStates.map((state) => `'${state}'`).join(", ");

/**
 * Search, rename and delete over the `conversation_search` index (0003-conversation-search.ts), which triggers
 * keep in step with the rows: nothing here writes the index itself.
 */
export function createConversationAdminRecords(db: Database.Database): ConversationAdminMethods {
  // One hit per conversation: a message before the title (rowid < 0), then the best ranked (bm25).
  const searchBest = db.prepare(`
    WITH hits AS (
      SELECT rowid AS entry, conversation_id, rank FROM conversation_search WHERE conversation_search MATCH ?
    ),
    best AS (
      SELECT entry, conversation_id,
        row_number() OVER (PARTITION BY conversation_id ORDER BY entry < 0, rank) AS place
      FROM hits
    )
    SELECT conversations.*, best.entry FROM best JOIN conversations ON conversations.id = best.conversation_id
    WHERE best.place = 1
    ORDER BY conversations.updated_ms DESC, conversations.position DESC
    LIMIT ?`);
  // Snippets only for the results shown, not for every hit.
  const snippetOfEntry = db.prepare(`
    SELECT message_id, snippet(conversation_search, 2, ?, ?, '…', ${SNIPPET_TOKENS}) AS marked
    FROM conversation_search WHERE conversation_search MATCH ? AND rowid = ?`);
  const rename = db.prepare("UPDATE conversations SET title = ? WHERE id = ?");
  const selectConversation = db.prepare("SELECT * FROM conversations WHERE id = ?");
  const activeRun = db.prepare(
    `SELECT id, state FROM runs WHERE conversation_id = ? AND state NOT IN (${ended}) LIMIT 1`,
  );
  const runsOf = "SELECT id FROM runs WHERE conversation_id = ?";
  // Children before parents: the foreign keys are checked at each statement.
  const deletes = [
    `DELETE FROM run_events WHERE run_id IN (${runsOf})`,
    `DELETE FROM plans WHERE run_id IN (${runsOf})`,
    `DELETE FROM approvals WHERE run_id IN (${runsOf})`,
    // A grant for one run means nothing once the run is gone; agent-wide grants stay.
    `DELETE FROM grants WHERE run_id IN (${runsOf})`,
    "DELETE FROM messages WHERE conversation_id = ?",
    "DELETE FROM runs WHERE conversation_id = ?",
    "DELETE FROM conversations WHERE id = ?",
  ].map((sql) => db.prepare(sql));

  const deleteAll = db.transaction((id: string) => {
    if (selectConversation.get(id) === undefined) {
      throw new GatewayStoreError("NOT_FOUND", `No conversation ${id}`);
    }
    const active = activeRun.get(id) as { id: string; state: string } | undefined;
    if (active !== undefined) {
      throw new GatewayStoreError(
        "CONFLICT",
        `Run ${active.id} of this conversation is still ${active.state}: stop it, then delete the conversation`,
      );
    }
    for (const statement of deletes) statement.run(id);
  }).immediate;

  return {
    async searchConversations(query, limit) {
      const match = ftsQueryOf(query);
      if (match === null) return [];
      const rows = searchBest.all(match, limit) as (ConversationRow & { entry: number })[];
      return rows.map((row) => {
        const hit = snippetOfEntry.get(MATCH_OPEN, MATCH_CLOSE, match, row.entry) as
          | { message_id: string | null; marked: string | null }
          | undefined;
        return {
          conversation: toConversation(row),
          messageId: hit?.message_id ?? null,
          snippet: snippetOf(hit?.marked ?? ""),
        };
      });
    },

    async renameConversation(id, title) {
      const { changes } = rename.run(title, id);
      if (changes === 0) throw new GatewayStoreError("NOT_FOUND", `No conversation ${id}`);
      return toConversation(selectConversation.get(id) as ConversationRow);
    },

    async deleteConversation(id) {
      deleteAll(id);
    },
  };
}
