import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { migrateToLatest } from "../db/migrate.ts";
import { PGliteDialect } from "../db/pglite-dialect.ts";

/** Builds one migrated PGlite cluster for the whole run; each test file loads a copy of it. */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "multiclaw-pglite-template-"));
  const pglite = new PGlite();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir("none");
  const path = join(dir, "template.tar");
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  process.env.MULTICLAW_PGLITE_TEMPLATE = path;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
