import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import pg from "pg";
import { type Database, openDatabase } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { PGliteDialect } from "../db/pglite-dialect.ts";
import type { CloudDatabase } from "../db/schema.ts";

/**
 * The storage a test runs on. Every Cloud test file runs twice (see vitest.config.ts): once on PGlite and once
 * on the local PostgreSQL server, so both storage modes pass the same suite.
 */
export type TestStorage = "pglite" | "postgres";

export function testStorage(): TestStorage {
  return process.env.MULTICLAW_TEST_STORAGE === "postgres" ? "postgres" : "pglite";
}

export const testPostgresAdminUrl =
  process.env.MULTICLAW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  db: Database;
  /** For PostgreSQL: the URL of this test's own database (a second Cloud process can open it). */
  url: string | null;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function openTestDatabase(storage: TestStorage = testStorage()): Promise<TestDatabase> {
  if (storage === "postgres") {
    const name = `mc_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(testPostgresAdminUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 5 });
    await migrateToLatest(db as unknown as Kysely<unknown>);
    return {
      db,
      url: url.toString(),
      async close() {
        await db.destroy();
        const cleanup = new pg.Client({ connectionString: testPostgresAdminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  // Creating a PGlite cluster takes seconds; loading the migrated template made by the global setup does not.
  const templatePath = process.env.MULTICLAW_PGLITE_TEMPLATE;
  const pglite = templatePath
    ? new PGlite({ loadDataDir: new Blob([await readFile(templatePath)]) })
    : new PGlite();
  await pglite.waitReady;
  const db = new Kysely<CloudDatabase>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return { db, url: null, close: () => db.destroy() };
}
