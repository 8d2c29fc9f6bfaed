import { randomBytes } from "node:crypto";
import { link, open, stat, unlink } from "node:fs/promises";

/**
 * Whether a secret file the Cloud generated exists, refusing one that other users of this machine could read
 * or change (a mode with group or other bits): `refusal` gets its mode, as `0644`, and says what to do.
 * Windows has no POSIX modes (stat reports 0o666 for every file); there the directory's ACL protects it.
 */
export async function ownerOnlyFileExists(path: string, refusal: (mode: string) => string): Promise<boolean> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new Error(refusal((mode & 0o777).toString(8).padStart(4, "0")));
  }
  return true;
}

/**
 * Creates `path` with `content`, readable by the owner only, unless it exists: written to a temp file, synced,
 * then linked into place, so a reader never sees half a file and of two processes creating it at once exactly
 * one wins. Answers "exists" when another process created it first (its content is the one to use).
 */
export async function createOwnerOnlyFile(path: string, content: string): Promise<"created" | "exists"> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
    return "created";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return "exists";
  } finally {
    await unlink(temporary);
  }
}
