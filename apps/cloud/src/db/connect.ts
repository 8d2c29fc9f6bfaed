import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { CloudDatabase } from "./schema.ts";

export type Database = Kysely<CloudDatabase>;

export type DatabaseTarget =
  | { kind: "postgres"; url: string; maxConnections?: number }
  | { kind: "pglite"; dataDir: string | null };

const INT8_OID = 20;

/**
 * Opens the Cloud's database: PostgreSQL through `pg` in production, PGlite in a data directory in the embedded
 * default (or in memory, for tests, when `dataDir` is null). Both speak the same SQL.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 10,
      // int8 as a JavaScript number, the way PGlite returns it; our counters stay far below 2^53.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    pool.on("error", () => {
      // An idle client lost its connection; the pool replaces it on the next query. /readyz reports outages.
    });
    return new Kysely<CloudDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
  const pglite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  return new Kysely<CloudDatabase>({ dialect: new PGliteDialect(pglite) });
}
