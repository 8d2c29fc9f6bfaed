import { chmodSync, closeSync, constants, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "libsql";
import { GatewayStoreError } from "./store-error.ts";

/**
 * How far an acknowledged write survives. Both keep the file consistent after any crash; they differ in what
 * the last moments before an operating-system crash or power loss can lose. See
 * docs/decisions/0006-gateway-local-store.md.
 *  - "normal": every commit survives the gateway process dying (kill -9); commits since the last checkpoint
 *    may be lost if the machine itself goes down. No fsync per commit.
 *  - "full": every commit is fsynced before it is acknowledged, so it survives power loss too.
 */
export type StoreDurability = "normal" | "full";

export interface SqliteFileOptions {
  path: string;
  durability: StoreDurability;
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
}

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

/**
 * Opens (creating if needed) the SQLite file in write-ahead-log mode. Its directory is made 0700 and the
 * file 0600 before SQLite touches it; SQLite gives its -wal and -shm files the database file's mode.
 */
export function openSqliteFile(options: SqliteFileOptions): Database.Database {
  restrictPermissions(options.path);
  let db: Database.Database | undefined;
  try {
    db = new Database(options.path);
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    const journal = db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode?: string } | undefined;
    if (journal?.journal_mode !== "wal") {
      throw new Error(`SQLite kept journal mode ${journal?.journal_mode} instead of wal`);
    }
    db.exec(`PRAGMA synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    db.exec("PRAGMA foreign_keys = ON");
    return db;
  } catch (error) {
    db?.close();
    const detail = `Cannot open the gateway database ${options.path}: ${message(error)}`;
    throw new GatewayStoreError("INTERNAL", detail, { cause: error });
  }
}

function restrictPermissions(path: string): void {
  const directory = dirname(path);
  try {
    mkdirSync(directory, { recursive: true, mode: DIRECTORY_MODE });
    // mkdir's mode applies only to directories it creates (and is masked by the umask): set both explicitly.
    chmodSync(directory, DIRECTORY_MODE);
    closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT, FILE_MODE));
    chmodSync(path, FILE_MODE);
    for (const companion of [`${path}-wal`, `${path}-shm`]) chmodIfPresent(companion);
  } catch (error) {
    throw new GatewayStoreError(
      "INTERNAL",
      `Cannot make the gateway database ${path} private (0600 in a 0700 directory): ${message(error)}`,
      { cause: error },
    );
  }
}

function chmodIfPresent(path: string): void {
  try {
    chmodSync(path, FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
