import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/*
 * Files only their user may read: a 0600 file in a 0700 directory. The rules, decided once for every secret
 * file of the gateway:
 * - the directory is created 0700; one that exists with group or other bits is tightened to 0700 (it holds
 *   nothing else of the user's that needs sharing), and one owned by another user is refused;
 * - a file is written atomically (temporary file created 0600, fsync, rename, fsync of the directory), so a
 *   crash leaves the old content or the new, never a torn file;
 * - a file that group or others may read or write, that is not a regular file (a symlink is not followed), or
 *   that another user owns is refused, not repaired: someone may have copied or planted it, and only the user
 *   can say whether to trust it (`chmod 600` it, or sign in again).
 * Windows has no such modes; there the checks are skipped and the user profile's ACLs apply.
 */

const checkModes = process.platform !== "win32";

/** Why a private file cannot be used. */
export type PrivateFileProblem = "insecure-permissions" | "foreign-owner" | "not-a-file";

export class PrivateFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: PrivateFileProblem,
    message: string,
  ) {
    super(message);
    this.name = "PrivateFileError";
  }
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, "0");
}

/** Creates the directory 0700 (and missing parents), or tightens an existing one. Returns whether it fixed modes. */
export async function ensurePrivateDirectory(directory: string): Promise<{ tightened: boolean }> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  if (!checkModes) return { tightened: false };
  const stats = await lstat(directory);
  if (!stats.isDirectory()) {
    throw new PrivateFileError(directory, "not-a-file", `${directory} is not a directory`);
  }
  if (typeof process.getuid === "function" && stats.uid !== process.getuid()) {
    throw new PrivateFileError(directory, "foreign-owner", `${directory} belongs to another user`);
  }
  if ((stats.mode & 0o077) === 0) return { tightened: false };
  await chmod(directory, 0o700);
  return { tightened: true };
}

async function syncDirectory(directory: string): Promise<void> {
  if (!checkModes) return;
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` with `text` atomically, as a 0600 file in a 0700 directory. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await ensurePrivateDirectory(directory);
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  try {
    try {
      // The umask can only remove bits from 0600, but say it explicitly.
      if (checkModes) await handle.chmod(0o600);
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

/** Reads a private file: null when it does not exist; a PrivateFileError when it is not private. */
export async function readPrivateFile(path: string): Promise<string | null> {
  const flags = constants.O_RDONLY | (checkModes ? constants.O_NOFOLLOW : 0);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP") throw new PrivateFileError(path, "not-a-file", `${path} is a symbolic link`);
    throw error;
  }
  try {
    // Checked on the open handle, so the file read is the file checked.
    const stats = await handle.stat();
    if (!stats.isFile()) throw new PrivateFileError(path, "not-a-file", `${path} is not a regular file`);
    if (checkModes && typeof process.getuid === "function" && stats.uid !== process.getuid()) {
      throw new PrivateFileError(path, "foreign-owner", `${path} belongs to another user`);
    }
    if (checkModes && (stats.mode & 0o077) !== 0) {
      throw new PrivateFileError(
        path,
        "insecure-permissions",
        `${path} is readable or writable by others (mode ${octal(stats.mode)}); if nobody else could have ` +
          `read it, run \`chmod 600 ${path}\`, otherwise sign in again`,
      );
    }
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/** Deletes a private file; returns whether there was one. */
export async function deletePrivateFile(path: string): Promise<boolean> {
  try {
    await rm(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  await syncDirectory(dirname(path));
  return true;
}
