import type { RunStore } from "@multiclaw/agent";
import type Database from "libsql";
import { createConversationAdminRecords } from "./conversation-admin-records.ts";
import { createConversationRecords, createConversationWrites } from "./conversation-records.ts";
import { createDecisionRecords } from "./decision-records.ts";
import { createRunRecords, createRunWrites } from "./run-records.ts";

/**
 * The engine's RunStore on the gateway's SQLite file. Each write is one SQLite transaction (an event with the
 * rows it changes is one) that has committed when the returned promise resolves, so whatever the engine acknowledges survives the process dying.
 * Reads parse every row with the protocol's schemas and throw GatewayStoreError on a corrupt one.
 */
export function createSqliteRunStore(db: Database.Database): RunStore {
  const conversationWrites = createConversationWrites(db);
  return {
    ...createConversationRecords(db, conversationWrites),
    ...createRunRecords(db, createRunWrites(db), conversationWrites),
    ...createDecisionRecords(db),
    ...createConversationAdminRecords(db),
  };
}
