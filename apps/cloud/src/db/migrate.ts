import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as initial from "./migrations/0001-initial.ts";
import * as taskInstance from "./migrations/0002-task-instance.ts";

/** Migrations in order. Append only: the Cloud applies the missing ones at start and never rolls back. */
export const cloudMigrations: Readonly<Record<string, Migration>> = {
  "0001-initial": initial,
  "0002-task-instance": taskInstance,
};

/** Where the migrations' sources are: what a PGlite template's name is computed from (pglite-template.ts). */
export const migrationSources = new URL("./migrations/", import.meta.url);

/** Applies the migrations `db` lacks, in order; resolves with the names of those it applied. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Readonly<Record<string, Migration>> = cloudMigrations,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  const migrator = new Migrator({ db, provider, migrationTableName: "schema_migrations" });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error("database migration failed", { cause: error });
  return (results ?? [])
    .filter((result) => result.status === "Success")
    .map((result) => result.migrationName);
}
