import { constants } from "node:fs";
import { chmod, cp, mkdir, readdir, rename, rm, rmdir } from "node:fs/promises";
import { dirname } from "node:path";
import { holdsCluster } from "./pglite-template.ts";
import { removeAbandonedSiblings, temporarySibling } from "./temporary-sibling.ts";

/**
 * Gives an empty (or missing) PGlite data directory a copy of the migrated template; a directory that holds
 * anything is left alone. Resolves with whether it copied.
 *
 * The copy is written beside the data directory under a temporary name and renamed into place complete, so a
 * crash part-way leaves no half-made database, only a temporary directory the next start removes. Every file is
 * a copy of its own (a reflink where the file system offers one, never a hard link): two data directories made
 * from one template share nothing.
 */
export async function seedDataDir(dataDir: string, templateDir: string): Promise<boolean> {
  if (!(await isEmptyOrMissing(dataDir))) return false;
  await mkdir(dirname(dataDir), { recursive: true, mode: 0o700 });
  await removeAbandonedSiblings(dataDir);
  const temporary = temporarySibling(dataDir);
  try {
    await cp(templateDir, temporary, { recursive: true, mode: constants.COPYFILE_FICLONE });
    await chmod(temporary, 0o700);
    // An empty directory (made by hand, or by an earlier version before initdb) gives way to the copy.
    await rmdir(dataDir).catch(() => undefined);
    await rename(temporary, dataDir);
  } catch (error) {
    // Another process seeded it first: its copy is as good as ours.
    if (!(await holdsCluster(dataDir))) throw error;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return true;
}

async function isEmptyOrMissing(directory: string): Promise<boolean> {
  const entries = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.length === 0;
}
