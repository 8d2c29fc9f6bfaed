import type { StoreMigration } from "../migrate.ts";

/*
 * The first schema of the gateway's local store. Migrations only move forward: a later change is a new file,
 * never an edit here.
 *
 * Timestamps are kept twice: the ISO text exactly as given (what reads return) and epoch milliseconds for
 * ordering and expiry, because ISO strings of different precision do not sort as text ("…00Z" > "…00.5Z").
 * Ties fall back to `position`, the insertion order.
 */
export const initialSchema: StoreMigration = {
  version: 1,
  name: "initial",
  sql: `
    CREATE TABLE conversations (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      agent_id TEXT NOT NULL,
      title TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX conversations_by_recency ON conversations (updated_ms, position);
    CREATE INDEX conversations_by_agent ON conversations (agent_id, updated_ms, position);

    CREATE TABLE messages (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL REFERENCES conversations (id),
      run_id TEXT,
      role TEXT NOT NULL,
      parts TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, created_ms, position);

    CREATE TABLE runs (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL REFERENCES conversations (id),
      agent_id TEXT NOT NULL,
      mode TEXT NOT NULL,
      task_id TEXT,
      parent_run_id TEXT,
      state TEXT NOT NULL,
      usage TEXT NOT NULL,
      error TEXT,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX runs_by_recency ON runs (created_ms, position);
    CREATE INDEX runs_by_conversation ON runs (conversation_id, created_ms, position);
    CREATE INDEX runs_by_state ON runs (state);

    CREATE TABLE run_events (
      run_id TEXT NOT NULL REFERENCES runs (id),
      seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE plans (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      run_id TEXT NOT NULL REFERENCES runs (id),
      status TEXT NOT NULL,
      steps TEXT NOT NULL,
      edited INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      decided_at TEXT
    ) STRICT;
    CREATE INDEX plans_by_run ON plans (run_id, created_ms, position);

    CREATE TABLE approvals (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      run_id TEXT NOT NULL REFERENCES runs (id),
      tool_call_id TEXT NOT NULL,
      tool TEXT NOT NULL,
      input TEXT,
      reason TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      decision TEXT,
      decided_at TEXT
    ) STRICT;
    CREATE INDEX approvals_by_run ON approvals (run_id, created_ms, position);
    CREATE INDEX approvals_pending ON approvals (created_ms, position) WHERE decision IS NULL;

    -- A grant is identified by (agent, run, tool, scope). An agent-wide grant has no run; run_key holds ''
    -- then, because NULLs never collide in a unique key and the upsert would insert duplicates.
    CREATE TABLE grants (
      agent_id TEXT NOT NULL,
      run_key TEXT NOT NULL,
      tool TEXT NOT NULL,
      scope TEXT NOT NULL,
      run_id TEXT,
      expires_at TEXT,
      expires_ms INTEGER,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      PRIMARY KEY (agent_id, run_key, tool, scope)
    ) STRICT;

    CREATE TABLE gateway_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
