import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kysely, type Migration, sql } from "kysely";
import { cloudMigrations, migrateToLatest, migrationSources } from "./migrate.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { removeAbandonedSiblings, temporarySibling } from "./temporary-sibling.ts";

/*
 * A migrated PGlite cluster, made once per installed version and copied into each new data directory. Creating
 * a cluster (initdb inside WebAssembly) and migrating it is most of a first start — 10–16 s on a shared
 * two-core machine — while copying the ~40 MB result takes well under a second (decision 0011).
 *
 * A template is named for what it was made from: the PGlite release and the text of every migration file. A
 * new migration or PGlite release makes a new template; an old one is never reused for a different schema.
 * The cache sits in node_modules/.cache, so it goes with the installation (`npm ci` starts without it).
 */

/**
 * Settings every database made from the template starts with (ALTER SYSTEM, in postgresql.auto.conf).
 * shared_buffers: PostgreSQL's default 128 MB sits inside PGlite's WebAssembly memory and is touched at start —
 * ~120 MiB of resident memory for a Cloud whose whole database is a few MB; files beyond it are still cached
 * by the kernel (BENCHMARKS.md, "The Cloud's start and memory").
 */
const templateSettings = ["alter system set shared_buffers = '16MB'"];

/**
 * Where templates are kept: MULTICLAW_PGLITE_TEMPLATES when set (`off`: none, every new database is created in
 * place — what the benchmark compares against), else node_modules/.cache/multiclaw-cloud at the repository root.
 */
export function defaultTemplateCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.MULTICLAW_PGLITE_TEMPLATES;
  if (chosen === "off") return null;
  return (
    chosen || fileURLToPath(new URL("../../../../node_modules/.cache/multiclaw-cloud/", import.meta.url))
  );
}

/** What the template is made from, as a short hash: PGlite's version and the migration files' text. */
export async function templateFingerprint(sources: URL = migrationSources): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`pglite ${await pgliteVersion()}\n${templateSettings.join("\n")}\n`);
  const directory = fileURLToPath(sources);
  for (const name of (await readdir(directory)).sort()) {
    hash.update(`${name}\n`);
    hash.update(await readFile(join(directory, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

async function pgliteVersion(): Promise<string> {
  // The package's entry is dist/index.*; its manifest is one directory up.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8"));
  return String(manifest.version);
}

export interface TemplateOptions {
  /** The directory templates are kept in. */
  cacheDir: string;
  /** Default: the Cloud's migrations, with the fingerprint of their files. */
  migrations?: Readonly<Record<string, Migration>>;
  /** Names the template; default templateFingerprint(). */
  fingerprint?: string;
}

/**
 * The template's directory, made first when there is none. Several processes may make it at once: each builds
 * under a temporary name, the first rename wins, and the others drop theirs.
 *
 * @example
 * const template = await pgliteTemplate({ cacheDir: defaultTemplateCacheDir() });
 */
export async function pgliteTemplate(options: TemplateOptions): Promise<string> {
  const fingerprint = options.fingerprint ?? (await templateFingerprint());
  const directory = join(options.cacheDir, `pglite-template-${fingerprint}`);
  if (await holdsCluster(directory)) return directory;
  await mkdir(options.cacheDir, { recursive: true, mode: 0o755 });
  await removeAbandonedSiblings(directory);
  const temporary = temporarySibling(directory);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(new PGlite(temporary)) });
    try {
      await migrateToLatest(db, options.migrations ?? cloudMigrations);
      for (const setting of templateSettings) await sql.raw(setting).execute(db);
    } finally {
      // Closing checkpoints the cluster, so the files on disk are the whole of it.
      await db.destroy();
    }
    await rename(temporary, directory).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await holdsCluster(directory))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  await removeOtherTemplates(options.cacheDir, directory);
  return directory;
}

/** Templates of earlier versions (another PGlite, other migrations): this installation never copies them again. */
async function removeOtherTemplates(cacheDir: string, current: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    const path = join(cacheDir, name);
    if (path !== current && /^pglite-template-[0-9a-f]{16}$/.test(name)) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/** Whether `directory` holds a PostgreSQL cluster (initdb writes PG_VERSION). */
export async function holdsCluster(directory: string): Promise<boolean> {
  return (await stat(join(directory, "PG_VERSION")).catch(() => undefined))?.isFile() ?? false;
}
