import type { StoreMigration } from "../migrate.ts";

/*
 * Full-text search over conversations: one FTS5 row per message (its text parts, one per line) and one per
 * title. Triggers keep the index in step, so a row and its index entry are written by the same statement of
 * the same transaction: a crash leaves both or neither, and no code path can forget one.
 *
 * The index row's rowid is the message's `position`, or the negated `position` of the conversation for its
 * title: both are stable integer keys, so keeping the index in step never scans it.
 *
 * Tool calls and results are left out: they are machine text (JSON, command output) that would drown the
 * conversation's words. The snippet markers (\x02, \x03) are taken out of indexed text so that a marker in a
 * snippet is always one the store put there.
 *
 * A message whose parts are not valid JSON (only corruption makes one) is indexed as empty instead of failing
 * the migration, or every later write to the file.
 */
const textOf = (parts: string) => `(
  SELECT group_concat(replace(replace(json_extract(part.value, '$.text'), char(2), ''), char(3), ''), char(10))
  FROM json_each(CASE WHEN json_valid(${parts}) THEN ${parts} ELSE '[]' END) AS part
  WHERE json_extract(part.value, '$.type') = 'text'
)`;
const cleanTitle = (title: string) => `replace(replace(${title}, char(2), ''), char(3), '')`;

export const conversationSearch: StoreMigration = {
  version: 3,
  name: "conversation search",
  sql: `
    CREATE VIRTUAL TABLE conversation_search USING fts5(
      conversation_id UNINDEXED,
      message_id UNINDEXED,
      body,
      tokenize = 'unicode61 remove_diacritics 2'
    );

    INSERT INTO conversation_search (rowid, conversation_id, message_id, body)
      SELECT -position, id, NULL, ${cleanTitle("title")} FROM conversations;
    INSERT INTO conversation_search (rowid, conversation_id, message_id, body)
      SELECT position, conversation_id, id, ${textOf("parts")} FROM messages;

    CREATE TRIGGER conversation_search_title_added AFTER INSERT ON conversations BEGIN
      INSERT INTO conversation_search (rowid, conversation_id, message_id, body)
        VALUES (-new.position, new.id, NULL, ${cleanTitle("new.title")});
    END;
    CREATE TRIGGER conversation_search_title_changed AFTER UPDATE OF title ON conversations BEGIN
      UPDATE conversation_search SET body = ${cleanTitle("new.title")} WHERE rowid = -new.position;
    END;
    CREATE TRIGGER conversation_search_title_removed AFTER DELETE ON conversations BEGIN
      DELETE FROM conversation_search WHERE rowid = -old.position;
    END;

    CREATE TRIGGER conversation_search_message_added AFTER INSERT ON messages BEGIN
      INSERT INTO conversation_search (rowid, conversation_id, message_id, body)
        VALUES (new.position, new.conversation_id, new.id, ${textOf("new.parts")});
    END;
    CREATE TRIGGER conversation_search_message_changed AFTER UPDATE OF parts ON messages BEGIN
      UPDATE conversation_search SET body = ${textOf("new.parts")} WHERE rowid = new.position;
    END;
    CREATE TRIGGER conversation_search_message_removed AFTER DELETE ON messages BEGIN
      DELETE FROM conversation_search WHERE rowid = old.position;
    END;
  `,
};
