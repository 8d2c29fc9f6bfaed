import Database from "libsql";
import { describe, expect, it } from "vitest";
import { ftsQueryOf, snippetOf } from "./conversation-search-query.ts";
import { openGatewayStore } from "./gateway-store.ts";
import { migrateStore, storeMigrations } from "./migrate.ts";
import { openSqliteFile } from "./sqlite-file.ts";
import { sampleConversation, sampleMessage, sampleRun, sampleTime } from "./testing/sample-records.ts";
import { makeTempStoreLocation } from "./testing/temp-directory.ts";
import { useTempGatewayStore } from "./testing/test-store.ts";

const temp = useTempGatewayStore();
const now = () => new Date("2026-12-01T10:00:00.000Z");

/** FTS5's own check that the index matches the rows it was given; throws when it does not. */
function checkIndex(path: string): { messages: number; entries: number } {
  const db = new Database(path);
  try {
    db.prepare("INSERT INTO conversation_search (conversation_search) VALUES ('integrity-check')").run();
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      messages: count("SELECT count(*) AS n FROM messages"),
      entries: count("SELECT count(*) AS n FROM conversation_search WHERE rowid > 0"),
    };
  } finally {
    db.close();
  }
}

describe("the conversation search index", () => {
  it("indexes the messages and titles a database already held when it is migrated", async () => {
    const conversation = sampleConversation({ title: "Old notes" });
    const message = sampleMessage(conversation.id, {
      parts: [{ type: "text", text: "the heron came back" }],
    });
    // A file written by the gateway before search existed: migrations 1 and 2 only.
    const location = await makeTempStoreLocation();
    try {
      const db = openSqliteFile({ path: location.path, durability: "normal", busyTimeoutMs: 1000 });
      migrateStore(db, { now, migrations: storeMigrations.slice(0, 2) });
      // In the columns that gateway had (later migrations add some).
      db.prepare(
        `INSERT INTO conversations (id, agent_id, title, created_at, updated_at, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        conversation.id,
        conversation.agentId,
        conversation.title,
        conversation.createdAt,
        conversation.updatedAt,
        Date.parse(conversation.updatedAt),
      );
      db.prepare(
        `INSERT INTO messages (id, conversation_id, run_id, role, parts, created_at, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        message.id,
        message.conversationId,
        message.runId,
        message.role,
        JSON.stringify(message.parts),
        message.createdAt,
        Date.parse(message.createdAt),
      );
      db.close();

      const store = openGatewayStore({ path: location.path });
      try {
        const [found] = await store.runs.searchConversations("heron", 5);
        expect(found?.messageId).toBe(message.id);
        expect(found?.snippet).toEqual({ text: "the heron came back", highlights: [{ start: 4, end: 9 }] });
        expect((await store.runs.searchConversations("old", 5))[0]?.messageId).toBeNull();
      } finally {
        store.close();
      }
      expect(checkIndex(location.path)).toEqual({ messages: 1, entries: 1 });
    } finally {
      await location.remove();
    }
  });

  it("stores a message and its index entry in the same transaction as the event that carries it", async () => {
    const { runs } = temp.store;
    const conversation = sampleConversation();
    const run = sampleRun(conversation, { state: "running" });
    const said = sampleMessage(conversation.id, { parts: [{ type: "text", text: "kingfisher" }] });
    await runs.appendEvent(
      run.id,
      sampleTime(),
      { type: "run-state", state: "running", error: null },
      {
        conversation,
        run,
      },
    );
    // A message whose event fails (an unknown run's conversation) leaves neither the message nor its entry.
    const orphan = sampleMessage(sampleConversation().id, { parts: [{ type: "text", text: "kingfisher" }] });
    await expect(
      runs.appendEvent(run.id, sampleTime(1), { type: "message", message: orphan }, { message: orphan }),
    ).rejects.toThrow();
    await runs.appendEvent(run.id, sampleTime(2), { type: "message", message: said }, { message: said });
    expect((await runs.searchConversations("kingfisher", 5)).map((result) => result.messageId)).toEqual([
      said.id,
    ]);
    expect(checkIndex(temp.path)).toEqual({ messages: 1, entries: 1 });
  });

  it("shows a long message's match in a few words around it, marked, with … where text was left out", async () => {
    const { runs } = temp.store;
    const conversation = sampleConversation();
    await runs.createConversation(conversation);
    const filler = "lorem ipsum dolor sit amet ".repeat(20);
    await runs.appendMessage(
      sampleMessage(conversation.id, {
        parts: [{ type: "text", text: `${filler}the Ωmega clause ${filler}` }],
      }),
    );
    const [result] = await runs.searchConversations("ωmega", 5);
    const snippet = result?.snippet ?? { text: "", highlights: [] };
    expect(snippet.text.startsWith("…")).toBe(true);
    expect(snippet.text.endsWith("…")).toBe(true);
    expect(snippet.text.length).toBeLessThan(200);
    expect(snippet.highlights.map((range) => snippet.text.slice(range.start, range.end))).toEqual(["Ωmega"]);
  });

  it("never hands the person's query to FTS5 as syntax", async () => {
    const { runs } = temp.store;
    const conversation = sampleConversation({ title: "NEAR the end" });
    await runs.createConversation(conversation);
    for (const query of ['"', "NEAR(", "a OR", "*", "-x", "title:end", "\u0002x\u0003", "end)"]) {
      await expect(runs.searchConversations(query, 5)).resolves.toBeDefined();
    }
    expect((await runs.searchConversations("end)", 5)).map((result) => result.conversation.id)).toEqual([
      conversation.id,
    ]);
  });

  it("deletes a conversation's index entries with it and keeps the index whole", async () => {
    const { runs } = temp.store;
    const gone = sampleConversation({ title: "gone" });
    const kept = sampleConversation({ title: "kept" });
    for (const conversation of [gone, kept]) {
      await runs.createConversation(conversation);
      await runs.appendMessage(sampleMessage(conversation.id, { parts: [{ type: "text", text: "otter" }] }));
    }
    await runs.deleteConversation(gone.id);
    expect((await runs.searchConversations("otter", 5)).map((result) => result.conversation.id)).toEqual([
      kept.id,
    ]);
    expect(checkIndex(temp.path)).toEqual({ messages: 1, entries: 1 });
  });
});

describe("search queries and snippets", () => {
  it("quotes every word as a prefix and drops punctuation", () => {
    expect(ftsQueryOf('deploy "prod" OR')).toBe('"deploy"* "prod"* "OR"*');
    expect(ftsQueryOf("Café-Müller")).toBe('"Café"* "Müller"*');
    expect(ftsQueryOf(" ** () ")).toBeNull();
  });

  it("turns markers into ranges of the unmarked text, ignoring a marker left unpaired", () => {
    expect(snippetOf("a \u0002bc\u0003 d \u0002e\u0003")).toEqual({
      text: "a bc d e",
      highlights: [
        { start: 2, end: 4 },
        { start: 7, end: 8 },
      ],
    });
    expect(snippetOf("x\u0003y\u0002")).toEqual({ text: "xy", highlights: [] });
  });
});
