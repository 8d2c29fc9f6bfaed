import type Database from "libsql";
import { initialSchema } from "./migrations/0001-initial.ts";
import { runsByTask } from "./migrations/0002-runs-by-task.ts";
import { conversationSearch } from "./migrations/0003-conversation-search.ts";
import { usageAndApprovalReach } from "./migrations/0004-usage-and-approval-reach.ts";
import { skills } from "./migrations/0005-skills.ts";
import { GatewayStoreError } from "./store-error.ts";

/** One forward-only step of the store's schema. `version` counts up from 1 without gaps. */
export interface StoreMigration {
  version: number;
  name: string;
  /** One or more SQL statements, applied in one transaction together with the bookkeeping row. */
  sql: string;
}

/** Every migration, in order. Append only: a released migration is never edited or removed. */
export const storeMigrations: readonly StoreMigration[] = [
  initialSchema,
  runsByTask,
  conversationSearch,
  usageAndApprovalReach,
  skills,
];

interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Brings the database to the newest schema this gateway knows and returns the versions it applied (none when
 * it was up to date). A database a newer gateway has migrated further is refused rather than guessed at.
 *
 * @example migrateStore(db, { now: () => new Date() }) // → [1] on a new file, [] afterwards
 */
export function migrateStore(
  db: Database.Database,
  options: { now: () => Date; migrations?: readonly StoreMigration[] },
): number[] {
  const migrations = options.migrations ?? storeMigrations;
  assertConsecutive(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS store_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  assertKnownHistory(readApplied(db), migrations);

  const isApplied = db.prepare("SELECT version FROM store_migrations WHERE version = ?");
  const record = db.prepare("INSERT INTO store_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  const applied: number[] = [];
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock first, so two processes opening one file cannot both apply a step.
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, options.now().toISOString());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

function readApplied(db: Database.Database): AppliedMigration[] {
  return db
    .prepare("SELECT version, name FROM store_migrations ORDER BY version")
    .all()
    .map((row) => {
      const { version, name } = row as AppliedMigration;
      return { version, name };
    });
}

function assertKnownHistory(applied: AppliedMigration[], migrations: readonly StoreMigration[]): void {
  const newestKnown = migrations.at(-1)?.version ?? 0;
  const newestApplied = applied.at(-1)?.version ?? 0;
  if (newestApplied > newestKnown) {
    throw new GatewayStoreError(
      "INTERNAL",
      `The gateway database has schema version ${newestApplied}, but this gateway knows only up to ` +
        `${newestKnown}: it was used by a newer MultiClaw. Update MultiClaw, or point it at another data directory.`,
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (known?.name !== row.name) {
      throw new GatewayStoreError(
        "INTERNAL",
        `The gateway database's migration ${row.version} is "${row.name}", but this gateway's is ` +
          `"${known?.name}": the file was not written by this version of MultiClaw.`,
      );
    }
  }
}

function assertConsecutive(migrations: readonly StoreMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `store migrations must be numbered 1, 2, …; found ${migration.version} at ${index + 1}`,
      );
    }
  });
}
