import type { RunStore } from "@multiclaw/agent";
import { Conversation, Message } from "@multiclaw/protocol";
import type Database from "libsql";
import { GatewayStoreError } from "./store-error.ts";
import { epochMs, parseStored, readJson, writeJson } from "./stored-value.ts";

type ConversationMethods = Pick<
  RunStore,
  | "createConversation"
  | "getConversation"
  | "listConversations"
  | "touchConversation"
  | "appendMessage"
  | "listMessages"
>;

export interface ConversationRow {
  id: string;
  agent_id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  run_id: string | null;
  role: string;
  parts: string;
  usage: string | null;
  created_at: string;
}

/** The writes of conversations and messages, synchronous so that one transaction can hold several. */
export interface ConversationWrites {
  insertConversation(conversation: Conversation): void;
  /** Throws NOT_FOUND for a conversation that does not exist. */
  touchConversation(id: string, updatedAt: string): void;
  insertMessage(message: Message): void;
}

export function createConversationWrites(db: Database.Database): ConversationWrites {
  const insertConversation = db.prepare(
    `INSERT INTO conversations (id, agent_id, title, created_at, updated_at, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const touch = db.prepare("UPDATE conversations SET updated_at = ?, updated_ms = ? WHERE id = ?");
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, conversation_id, run_id, role, parts, usage, created_at, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    insertConversation(conversation) {
      insertConversation.run(
        conversation.id,
        conversation.agentId,
        conversation.title,
        conversation.createdAt,
        conversation.updatedAt,
        epochMs(conversation.updatedAt),
      );
    },
    touchConversation(id, updatedAt) {
      const { changes } = touch.run(updatedAt, epochMs(updatedAt), id);
      if (changes === 0) throw new GatewayStoreError("NOT_FOUND", `No conversation ${id}`);
    },
    insertMessage(message) {
      insertMessage.run(
        message.id,
        message.conversationId,
        message.runId,
        message.role,
        writeJson(message.parts, `parts of message ${message.id}`),
        message.usage === undefined ? null : writeJson(message.usage, `usage of message ${message.id}`),
        message.createdAt,
        epochMs(message.createdAt),
      );
    },
  };
}

/** Conversations and their messages (message parts as one JSON column). */
export function createConversationRecords(
  db: Database.Database,
  writes: ConversationWrites,
): ConversationMethods {
  const selectConversation = db.prepare("SELECT * FROM conversations WHERE id = ?");
  const selectMessages = db.prepare(
    "SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_ms, position",
  );

  return {
    async createConversation(conversation) {
      writes.insertConversation(conversation);
    },

    async getConversation(id) {
      const row = selectConversation.get(id) as ConversationRow | undefined;
      return row === undefined ? undefined : toConversation(row);
    },

    async listConversations(options = {}) {
      const where = options.agentId === undefined ? "" : "WHERE agent_id = ?";
      const parameters = options.agentId === undefined ? [] : [options.agentId];
      const rows = db
        .prepare(`SELECT * FROM conversations ${where} ORDER BY updated_ms DESC, position DESC LIMIT ?`)
        .all(...parameters, options.limit ?? -1) as ConversationRow[];
      return rows.map(toConversation);
    },

    async touchConversation(id, updatedAt) {
      writes.touchConversation(id, updatedAt);
    },

    async appendMessage(message) {
      writes.insertMessage(message);
    },

    async listMessages(conversationId) {
      return (selectMessages.all(conversationId) as MessageRow[]).map(toMessage);
    },
  };
}

export function toConversation(row: ConversationRow): Conversation {
  return parseStored(
    Conversation,
    {
      id: row.id,
      agentId: row.agent_id,
      title: row.title,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    `conversation ${row.id}`,
  );
}

function toMessage(row: MessageRow): Message {
  const what = `message ${row.id}`;
  return parseStored(
    Message,
    {
      id: row.id,
      conversationId: row.conversation_id,
      runId: row.run_id,
      role: row.role,
      parts: readJson(row.parts, what),
      ...(row.usage === null ? {} : { usage: readJson(row.usage, what) }),
      createdAt: row.created_at,
    },
    what,
  );
}
