import type { RunStore } from "@multiclaw/agent";
import type Database from "libsql";
import { createIdleCheckpointer, notifyingWrites } from "./idle-checkpoint.ts";
import { migrateStore } from "./migrate.ts";
import { createSkillRecords, type SkillRecords } from "./skill-records.ts";
import { openSqliteFile, type StoreDurability } from "./sqlite-file.ts";
import { createSqliteRunStore } from "./sqlite-run-store.ts";
import { createStateStore, type GatewayStateStore } from "./state-store.ts";

export interface GatewayStoreOptions {
  /** The SQLite file, e.g. `<data dir>/gateway/gateway.db`. Its directory is made private (0700). */
  path: string;
  /** Default "normal": survives kill -9 without an fsync per write (docs/decisions/0006). */
  durability?: StoreDurability;
  /** Default 5000. */
  busyTimeoutMs?: number;
  /** Default `() => new Date()`; stamps migrations and state rows. */
  now?: () => Date;
  /** Quiet time after the last write before the write-ahead log is checkpointed (idle-checkpoint.ts). Default 1000. */
  idleCheckpointMs?: number;
  /** Where a failed idle checkpoint is reported (it is retried after the next write). Default: ignored. */
  onCheckpointError?: (error: unknown) => void;
}

/** The writes of the run store; each schedules an idle checkpoint. */
const runStoreWrites = [
  "createConversation",
  "touchConversation",
  "renameConversation",
  "deleteConversation",
  "appendMessage",
  "createRun",
  "updateRun",
  "appendEvent",
  "appendEvents",
  "savePlan",
  "saveApproval",
  "saveGrant",
  "deleteGrant",
] as const satisfies readonly (keyof RunStore)[];

/** The gateway's local database: the engine's run store and a small key-value store for gateway state. */
export interface GatewayStore {
  readonly path: string;
  readonly runs: RunStore;
  readonly state: GatewayStateStore;
  /** Imported skills' records (their files live in the data directory, skills/skill-library.ts). */
  readonly skills: SkillRecords;
  /** Checkpoints the write-ahead log and closes the file. Safe to call twice. */
  close(): void;
}

/**
 * Opens (or creates) the store and applies any pending migrations before returning.
 *
 * @example
 * const store = openGatewayStore({ path: join(dataDir, "gateway", "gateway.db") });
 * const engine = createEngine({ runStore: store.runs, … });
 * store.state.set("cloud.lastEventSeq", 42);
 */
export function openGatewayStore(options: GatewayStoreOptions): GatewayStore {
  const now = options.now ?? (() => new Date());
  const db = openSqliteFile({
    path: options.path,
    durability: options.durability ?? "normal",
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
  });
  try {
    migrateStore(db, { now });
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpoints = createIdleCheckpointer({
    idleMs: options.idleCheckpointMs ?? 1000,
    checkpoint: () => db.pragma("wal_checkpoint(PASSIVE)"),
    onError: options.onCheckpointError ?? (() => {}),
  });
  return {
    path: options.path,
    runs: notifyingWrites(createSqliteRunStore(db), runStoreWrites, checkpoints.wrote),
    state: notifyingWrites(createStateStore(db, now), ["set", "delete"], checkpoints.wrote),
    skills: notifyingWrites(createSkillRecords(db), ["insert", "setState", "delete"], checkpoints.wrote),
    close: () => {
      checkpoints.stop();
      closeOnce(db);
    },
  };
}

function closeOnce(db: Database.Database): void {
  if (db.open) db.close();
}
