/*
 * A walk over a directory tree inside the workspace for files.list and files.search. Symlinks are reported
 * but never followed, so a walk cannot leave the workspace through one.
 */
import type { Dirent } from "node:fs";
import { join } from "node:path";
import type { WorkspacePaths } from "./workspace-paths.ts";

/** Directories a recursive walk lists but does not enter: large, generated, rarely what the user means. */
export const unwalkedDirectories: ReadonlySet<string> = new Set([".git", "node_modules"]);

export interface WalkEntry {
  /** Real path (inside the workspace). */
  readonly realPath: string;
  /** Path relative to the directory the walk started in, with `/` separators. */
  readonly relativePath: string;
  readonly dirent: Dirent;
  /** 0 for the start directory's own entries. */
  readonly depth: number;
  /** True for a directory the walk will not enter (too deep, or in `unwalkedDirectories`). */
  readonly notEntered: boolean;
}

export interface WalkOptions {
  /** How many levels below the start to enter; 0 lists only the start directory. */
  maxDepth: number;
  signal?: AbortSignal;
}

/** Entries in depth-first order, names sorted within a directory so answers are stable. */
export async function* walkWorkspace(
  paths: WorkspacePaths,
  startRealPath: string,
  options: WalkOptions,
): AsyncGenerator<WalkEntry> {
  const pending: { realPath: string; relativePath: string; depth: number }[] = [
    { realPath: startRealPath, relativePath: "", depth: 0 },
  ];
  while (pending.length > 0) {
    options.signal?.throwIfAborted();
    const directory = pending.pop();
    if (!directory) break;
    const entries = await paths.readDirectory(directory.realPath);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const children: typeof pending = [];
    for (const dirent of entries) {
      const realPath = join(directory.realPath, dirent.name);
      const relativePath = directory.relativePath ? `${directory.relativePath}/${dirent.name}` : dirent.name;
      const enter =
        dirent.isDirectory() && directory.depth < options.maxDepth && !unwalkedDirectories.has(dirent.name);
      yield {
        realPath,
        relativePath,
        dirent,
        depth: directory.depth,
        notEntered: dirent.isDirectory() && !enter,
      };
      if (enter) children.push({ realPath, relativePath, depth: directory.depth + 1 });
    }
    // Reversed so that popping visits them in name order.
    pending.push(...children.reverse());
  }
}
