import { mkdir } from "node:fs/promises";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "./pglite-dialect.ts";
import { defaultTemplateCacheDir, holdsCluster, pgliteTemplate } from "./pglite-template.ts";
import type { CloudDatabase } from "./schema.ts";
import { seedDataDir } from "./seed-data-dir.ts";

export type Database = Kysely<CloudDatabase>;

export type DatabaseTarget =
  | { kind: "postgres"; url: string; maxConnections?: number }
  | {
      kind: "pglite";
      dataDir: string | null;
      /**
       * Where migrated templates are kept: an empty data directory starts as a copy of one. Default
       * defaultTemplateCacheDir(); null creates the cluster in place (initdb, seconds).
       */
      templateCacheDir?: string | null;
    };

const INT8_OID = 20;

/**
 * Opens the Cloud's database: PostgreSQL through `pg` in production, PGlite in a data directory in the embedded
 * default (or in memory, for tests, when `dataDir` is null). Both speak the same SQL.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  // Each driver is loaded only when used: a start on PostgreSQL never parses PGlite, nor one on PGlite `pg`.
  if (target.kind === "postgres") {
    const { default: pg } = await import("pg");
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
  if (target.dataDir) await prepareDataDir(target.dataDir, target.templateCacheDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  return new Kysely<CloudDatabase>({ dialect: new PGliteDialect(pglite) });
}

async function prepareDataDir(
  dataDir: string,
  templateCacheDir: string | null = defaultTemplateCacheDir(),
): Promise<void> {
  if (templateCacheDir !== null && !(await holdsCluster(dataDir))) {
    try {
      await seedDataDir(dataDir, await pgliteTemplate({ cacheDir: templateCacheDir }));
    } catch (error) {
      // A read-only installation, a full disk: the first start is slower, not broken.
      const reason = [error, (error as Error | undefined)?.cause]
        .filter((part) => part instanceof Error)
        .map((part) => part.message)
        .join(": ");
      process.emitWarning(`PGlite template not used (${reason}); creating the database in place`);
    }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
}
