import { execFileSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStorage } from "../testing/test-database.ts";
import { openDatabase } from "./connect.ts";
import { cloudMigrations, migrateToLatest } from "./migrate.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { pgliteTemplate } from "./pglite-template.ts";
import { seedDataDir } from "./seed-data-dir.ts";

/** Every file under `directory`, with its inode: what two data directories must never have in common. */
async function filesWithInodes(directory: string): Promise<Map<string, { ino: number; nlink: number }>> {
  const files = new Map<string, { ino: number; nlink: number }>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = await lstat(path);
    files.set(path.slice(directory.length), { ino: stats.ino, nlink: stats.nlink });
  }
  return files;
}

async function openCopy(dataDir: string) {
  const pglite = new PGlite(dataDir);
  return new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
}

// PGlite's own data directories: nothing here touches the PostgreSQL server, so one run is enough.
describe.skipIf(testStorage() === "postgres")(
  "a new PGlite data directory from the migrated template",
  () => {
    let root: string;
    let cacheDir: string;
    let template: string;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), "multiclaw-template-"));
      cacheDir = join(root, "cache");
      // A template of an earlier version (other migrations), which the new one replaces.
      await mkdir(join(cacheDir, "pglite-template-0123456789abcdef"), { recursive: true });
      // Two at once, as two first starts would: one template, no temporary directory left behind.
      const [first, second] = await Promise.all([pgliteTemplate({ cacheDir }), pgliteTemplate({ cacheDir })]);
      expect(first).toBe(second);
      template = first;
    }, 180_000);

    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it("is made once: the cache holds the one template, no earlier one and nothing half-made", async () => {
      expect(await readdir(cacheDir)).toEqual([template.slice(cacheDir.length + 1)]);
    });

    it("comes up migrated and writable when the Cloud opens an empty data directory", async () => {
      const dataDir = join(root, "home-a", "cloud", "db");
      const db = await openDatabase({ kind: "pglite", dataDir, templateCacheDir: cacheDir });
      try {
        // Nothing left to apply: the copy already holds every migration.
        expect(await migrateToLatest(db as unknown as Kysely<unknown>)).toEqual([]);
        await sql`insert into users (id, email, name, password_hash, created_at)
        values ('usr_1', 'a@example.com', 'A', 'x', now())`.execute(db);
        const { rows } = await sql<{ email: string }>`select email from users`.execute(db);
        expect(rows).toEqual([{ email: "a@example.com" }]);
        // The template's settings come with it: a small buffer pool (see pglite-template.ts).
        const settings = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db);
        expect(settings.rows).toEqual([{ shared_buffers: "16MB" }]);
      } finally {
        await db.destroy();
      }
      expect((await lstat(dataDir)).mode & 0o777).toBe(0o700);
      expect(await readdir(join(root, "home-a", "cloud"))).toEqual(["db"]);
    }, 60_000);

    it("still takes a migration added after the template was made", async () => {
      const dataDir = join(root, "home-b");
      expect(await seedDataDir(dataDir, template)).toBe(true);
      const db = await openCopy(dataDir);
      try {
        const later = {
          ...cloudMigrations,
          // Sorts after every real migration, as the next one added will.
          "9999-later": {
            up: async (db: Kysely<unknown>) => {
              await db.schema
                .createTable("later_things")
                .addColumn("id", "text", (c) => c.primaryKey())
                .execute();
            },
          },
        };
        expect(await migrateToLatest(db, later)).toEqual(["9999-later"]);
        await sql`insert into later_things (id) values ('one')`.execute(db);
        expect(await migrateToLatest(db, later)).toEqual([]);
      } finally {
        await db.destroy();
      }
    }, 60_000);

    it("gives two data directories files of their own: a write to one is not in the other", async () => {
      const [one, two] = [join(root, "one"), join(root, "two")];
      await Promise.all([seedDataDir(one, template), seedDataDir(two, template)]);
      const filesOfOne = await filesWithInodes(one);
      const filesOfTwo = await filesWithInodes(two);
      const filesOfTemplate = await filesWithInodes(template);
      expect(filesOfOne.size).toBeGreaterThan(100);
      for (const [path, file] of filesOfOne) {
        expect(file.nlink, path).toBe(1);
        expect(file.ino, path).not.toBe(filesOfTwo.get(path)?.ino);
        expect(file.ino, path).not.toBe(filesOfTemplate.get(path)?.ino);
      }
      const first = await openCopy(one);
      await sql`create table only_in_one (id int)`.execute(first);
      await first.destroy();
      const second = await openCopy(two);
      try {
        const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_name = 'only_in_one'
      `.execute(second);
        expect(rows).toEqual([{ n: 0 }]);
      } finally {
        await second.destroy();
      }
    }, 60_000);

    it("leaves no half-made database when the copy fails, and clears what a crashed copy left", async () => {
      const dataDir = join(root, "crashed", "db");
      // What a copy killed part-way leaves: a temporary sibling named for a process that is gone.
      const abandoned = join(root, "crashed", "db.999999999.0badc0de.tmp");
      await mkdir(abandoned, { recursive: true });
      await writeFile(join(abandoned, "PG_VERSION"), "17\n");
      // A template the copy fails part-way through: a file it copies, then a pipe it cannot.
      const broken = join(root, "broken-template");
      await mkdir(broken);
      await writeFile(join(broken, "PG_VERSION"), "17\n");
      execFileSync("mkfifo", [join(broken, "zz-pipe")]);
      await expect(seedDataDir(dataDir, broken)).rejects.toThrow();
      expect(await readdir(join(root, "crashed"))).toEqual([]);

      expect(await seedDataDir(dataDir, template)).toBe(true);
      expect(await readdir(join(root, "crashed"))).toEqual(["db"]);
    });

    it("still opens the database, made in place, when no template can be made, and says why", async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on("warning", onWarning);
      const dataDir = join(root, "no-template", "db");
      // A cache under a file: no directory can be made there.
      await writeFile(join(root, "a-file"), "");
      try {
        const db = await openDatabase({
          kind: "pglite",
          dataDir,
          templateCacheDir: join(root, "a-file", "cache"),
        });
        try {
          expect(await migrateToLatest(db as unknown as Kysely<unknown>)).toEqual(
            Object.keys(cloudMigrations),
          );
        } finally {
          await db.destroy();
        }
      } finally {
        process.off("warning", onWarning);
      }
      expect(warnings).toEqual([
        expect.stringMatching(/^PGlite template not used \(.*ENOTDIR.*\); creating the database in place$/),
      ]);
    }, 120_000);

    it("leaves a data directory that already holds something as it is", async () => {
      const dataDir = join(root, "kept");
      await mkdir(dataDir);
      await writeFile(join(dataDir, "mine"), "x");
      expect(await seedDataDir(dataDir, template)).toBe(false);
      expect(await readdir(dataDir)).toEqual(["mine"]);
    });
  },
);
