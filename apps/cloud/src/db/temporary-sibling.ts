import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/*
 * A directory is made under a temporary name beside its final one and renamed into place when complete, so a
 * crash part-way leaves a `<name>.<pid>.<random>.tmp` sibling, never a half-made `<name>`. The pid in the
 * name lets a later run tell an abandoned one (its process is gone) from one still being written.
 */

/** A fresh temporary name beside `path`. */
export function temporarySibling(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Removes the temporary siblings of `path` whose process no longer runs. */
export async function removeAbandonedSiblings(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const siblings = await readdir(dirname(path)).catch(() => []);
  for (const name of siblings) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    await rm(join(dirname(path), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
