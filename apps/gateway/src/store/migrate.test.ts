import { mkdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openGatewayStore } from "./gateway-store.ts";
import { migrateStore, type StoreMigration, storeMigrations } from "./migrate.ts";
import { GatewayStoreError } from "./store-error.ts";
import { makeTempStoreLocation, type TempStoreLocation } from "./testing/temp-directory.ts";

let location: TempStoreLocation;

beforeEach(async () => {
  location = await makeTempStoreLocation();
});

afterEach(async () => {
  await location.remove();
});

const now = () => new Date("2026-12-01T10:00:00.000Z");

function appliedMigrations(): { version: number; name: string; applied_at: string }[] {
  const db = new Database(location.path);
  try {
    return (
      db.prepare("SELECT version, name, applied_at FROM store_migrations ORDER BY version").all() as {
        version: number;
        name: string;
        applied_at: string;
      }[]
    ).map(({ version, name, applied_at }) => ({ version, name, applied_at }));
  } finally {
    db.close();
  }
}

function withRawDatabase(use: (db: Database.Database) => void): void {
  mkdirSync(location.directory, { recursive: true });
  const db = new Database(location.path);
  try {
    use(db);
  } finally {
    db.close();
  }
}

describe("store migrations", () => {
  it("applies every migration to a new file and records each one", () => {
    openGatewayStore({ path: location.path, now }).close();
    expect(appliedMigrations()).toEqual(
      storeMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        applied_at: "2026-12-01T10:00:00.000Z",
      })),
    );
  });

  it("changes nothing when an up-to-date file is opened again, and keeps its data", () => {
    const first = openGatewayStore({ path: location.path, now });
    first.state.set("cloud.lastEventSeq", 41);
    first.close();
    const before = appliedMigrations();

    const second = openGatewayStore({ path: location.path, now: () => new Date("2027-01-01T00:00:00.000Z") });
    expect(second.state.get("cloud.lastEventSeq", z.number())).toBe(41);
    second.close();
    expect(appliedMigrations()).toEqual(before);
  });

  it("applies only the migrations a file is missing, in order", () => {
    const later: StoreMigration = {
      version: storeMigrations.length + 1,
      name: "agent-notes",
      sql: "CREATE TABLE agent_notes (agent_id TEXT PRIMARY KEY, note TEXT NOT NULL) STRICT;",
    };
    withRawDatabase((db) => {
      expect(migrateStore(db, { now })).toEqual(storeMigrations.map((migration) => migration.version));
      expect(migrateStore(db, { now, migrations: [...storeMigrations, later] })).toEqual([later.version]);
      expect(migrateStore(db, { now, migrations: [...storeMigrations, later] })).toEqual([]);
      db.prepare("INSERT INTO agent_notes VALUES ('agt_1', 'works')").run();
    });
  });

  it("rolls a failing migration back completely and applies nothing after it", () => {
    const broken: StoreMigration = {
      version: storeMigrations.length + 1,
      name: "broken",
      sql: "CREATE TABLE half_done (id TEXT) STRICT; INSERT INTO no_such_table VALUES (1);",
    };
    withRawDatabase((db) => {
      expect(() => migrateStore(db, { now, migrations: [...storeMigrations, broken] })).toThrow(
        /no_such_table/,
      );
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
      expect(tables).toEqual([]);
      const versions = db.prepare("SELECT version FROM store_migrations").all() as { version: number }[];
      expect(versions.map((row) => row.version)).toEqual(
        storeMigrations.map((migration) => migration.version),
      );
    });
  });

  it("refuses a file a newer gateway has migrated further, naming both versions", () => {
    openGatewayStore({ path: location.path, now }).close();
    const future = storeMigrations.length + 1;
    withRawDatabase((db) => {
      db.prepare(
        "INSERT INTO store_migrations VALUES (?, 'from-the-future', '2030-01-01T00:00:00.000Z')",
      ).run(future);
    });

    const failure = (() => {
      try {
        openGatewayStore({ path: location.path, now });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(GatewayStoreError);
    expect((failure as Error).message).toContain(`schema version ${future}`);
    expect((failure as Error).message).toContain(`only up to ${storeMigrations.length}`);
    expect((failure as Error).message).toMatch(/newer MultiClaw/);
    // Refusing must not have touched the file.
    expect(appliedMigrations().map((row) => row.version)).toContain(future);
  });

  it("refuses a file whose recorded migration differs from this gateway's", () => {
    openGatewayStore({ path: location.path, now }).close();
    withRawDatabase((db) =>
      db.prepare("UPDATE store_migrations SET name = 'something-else' WHERE version = 1").run(),
    );
    expect(() => openGatewayStore({ path: location.path, now })).toThrow(/migration 1 is "something-else"/);
  });

  it("refuses a file that is not a database", async () => {
    await mkdir(location.directory, { recursive: true });
    await writeFile(location.path, "this is a text file, not SQLite ".repeat(100));
    expect(() => openGatewayStore({ path: location.path, now })).toThrow(GatewayStoreError);
  });
});
