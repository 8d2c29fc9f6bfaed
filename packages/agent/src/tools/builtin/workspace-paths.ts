/*
 * Paths the file tools may touch: only inside the agent's workspace directory. A path is checked lexically
 * (no absolute paths, no `..` above the root), then by its real path (symlinks resolved), and a file is opened
 * with O_NOFOLLOW and checked again through the descriptor, so a symlink swapped in between the check and the
 * open (a TOCTOU race) is caught rather than followed.
 */
import { constants, type Dirent } from "node:fs";
import { type FileHandle, lstat, mkdir, open, readdir, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, normalize, relative, sep } from "node:path";

/** A path that would leave the workspace; tools turn it into PATH_OUTSIDE_WORKSPACE. */
export class WorkspacePathError extends Error {
  readonly code = "PATH_OUTSIDE_WORKSPACE";
  constructor(message: string) {
    super(message);
    this.name = "WorkspacePathError";
  }
}

/** A file-system failure worth telling the model about in its own words (not found, is a directory…). */
export class WorkspaceFileError extends Error {
  constructor(
    message: string,
    readonly errno?: string,
  ) {
    super(message);
    this.name = "WorkspaceFileError";
  }
}

export interface WorkspacePaths {
  /** The workspace directory as given. */
  readonly root: string;
  /** The real path of an existing file or directory, proven to be inside. */
  resolveExisting(path: string): Promise<string>;
  /** Where `path` is or would be created: its real parent (made if `createParents`) plus its name. */
  resolveForCreate(path: string, options: { createParents: boolean }): Promise<string>;
  /** Opens a resolved path without following a final symlink, and proves the opened file is inside. */
  openInside(realPath: string, flags: number): Promise<FileHandle>;
  /** Lists a resolved directory, refusing if it was swapped for a symlink while being read. */
  readDirectory(realPath: string): Promise<Dirent[]>;
  /** The workspace-relative form of a resolved path, for messages (`.` for the root). */
  display(realPath: string): string;
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** Our own words for a file-system error, naming the workspace-relative path (never the absolute one). */
export function describeFsError(error: unknown, shownPath: string): WorkspaceFileError {
  const code = errnoOf(error);
  const messages: Record<string, string> = {
    ENOENT: `no such file or directory: ${shownPath}`,
    ENOTDIR: `a part of ${shownPath} is not a directory`,
    EISDIR: `${shownPath} is a directory`,
    EEXIST: `${shownPath} already exists`,
    EACCES: `permission denied: ${shownPath}`,
    EPERM: `operation not permitted: ${shownPath}`,
    ENOSPC: "no space left on the device",
    ENAMETOOLONG: `the path is too long: ${shownPath}`,
  };
  return new WorkspaceFileError(
    (code && messages[code]) ?? `could not access ${shownPath}${code ? ` (${code})` : ""}`,
    code,
  );
}

/**
 * The path guard of one workspace directory.
 *
 * @example
 * const paths = createWorkspacePaths("/home/me/.multiclaw/agents/a1");
 * const file = await paths.resolveExisting("notes/today.md");
 */
export function createWorkspacePaths(root: string): WorkspacePaths {
  let realRoot: Promise<string> | undefined;
  // Known once the root has been resolved; every path `display` sees was resolved against it.
  let knownRealRoot = root;
  const rootReal = () => {
    realRoot ??= realpath(root).then(
      (real) => {
        knownRealRoot = real;
        return real;
      },
      (error: unknown) => {
        realRoot = undefined;
        throw new WorkspaceFileError(
          `the workspace directory is not available (${errnoOf(error) ?? "error"})`,
        );
      },
    );
    return realRoot;
  };

  /** The lexically normalised relative path, or a refusal for anything that names a place outside. */
  function lexical(path: string): string {
    if (path.includes("\0")) throw new WorkspacePathError("the path contains a NUL character");
    if (isAbsolute(path)) {
      throw new WorkspacePathError(
        `absolute paths are not allowed (${path}); use a path relative to the workspace`,
      );
    }
    const normalized = normalize(path === "" ? "." : path);
    if (normalized === ".." || normalized.startsWith(`..${sep}`)) {
      throw new WorkspacePathError(`${path} points outside the workspace`);
    }
    return normalized;
  }

  async function checkedReal(path: string, shown: string): Promise<string> {
    const base = await rootReal();
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if (errnoOf(error) === "ELOOP") throw new WorkspacePathError(`${shown} is a symlink loop`);
      throw describeFsError(error, shown);
    }
    if (!isInside(base, real))
      throw new WorkspacePathError(`${shown} resolves to a place outside the workspace`);
    return real;
  }

  /** Proves that an open descriptor refers to a file inside the workspace. */
  async function verifyDescriptor(handle: FileHandle, expected: string, shown: string): Promise<void> {
    const base = await rootReal();
    // Linux names the file an open descriptor refers to; this is exact even if the path changed since.
    const viaProc = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (viaProc !== undefined) {
      if (!isInside(base, viaProc))
        throw new WorkspacePathError(`${shown} resolves to a place outside the workspace`);
      return;
    }
    // Elsewhere: the path must still resolve inside, to the very file that was opened.
    const [opened, current] = await Promise.all([handle.stat(), stat(expected)]);
    const real = await checkedReal(expected, shown);
    if (real !== expected || opened.dev !== current.dev || opened.ino !== current.ino) {
      throw new WorkspacePathError(`${shown} changed while it was being opened`);
    }
  }

  const paths: WorkspacePaths = {
    root,

    async resolveExisting(path) {
      const relativePath = lexical(path);
      return checkedReal(join(await rootReal(), relativePath), relativePath);
    },

    async resolveForCreate(path, { createParents }) {
      const relativePath = lexical(path);
      const base = await rootReal();
      const missing: string[] = [];
      let candidate = join(base, relativePath);
      let existing: string | undefined;
      // Walk up to the deepest part that exists; everything below it is plain names (no `..` after normalize).
      while (existing === undefined) {
        try {
          existing = await checkedReal(candidate, relativePath);
        } catch (error) {
          if (!(error instanceof WorkspaceFileError) || error.errno !== "ENOENT" || candidate === base)
            throw error;
          missing.unshift(candidate.slice(candidate.lastIndexOf(sep) + 1));
          candidate = candidate.slice(0, candidate.lastIndexOf(sep)) || sep;
        }
      }
      const name = missing.pop();
      if (name === undefined) return existing;
      let parent = existing;
      for (const directory of missing) {
        if (!createParents) throw describeFsError({ code: "ENOENT" }, relativePath);
        parent = join(parent, directory);
        try {
          await mkdir(parent);
        } catch (error) {
          // Something appeared there since the walk; only a real directory inside may be used.
          if (errnoOf(error) !== "EEXIST") throw describeFsError(error, relativePath);
          const info = await lstat(parent);
          if (info.isSymbolicLink()) throw new WorkspacePathError(`${relativePath} goes through a symlink`);
          if (!info.isDirectory()) throw describeFsError({ code: "ENOTDIR" }, relativePath);
        }
      }
      // A directory made above could have been replaced by a symlink before this point.
      const realParent = await checkedReal(parent, relativePath);
      return join(realParent, name);
    },

    async openInside(realPath, flags) {
      const shown = paths.display(realPath);
      let handle: FileHandle;
      try {
        handle = await open(realPath, flags | constants.O_NOFOLLOW, 0o644);
      } catch (error) {
        // With O_NOFOLLOW a symlink in the last place fails with ELOOP: it appeared after the path was checked.
        if (errnoOf(error) === "ELOOP") throw new WorkspacePathError(`${shown} is a symlink`);
        throw describeFsError(error, shown);
      }
      try {
        await verifyDescriptor(handle, realPath, shown);
        return handle;
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async readDirectory(realPath) {
      const shown = paths.display(realPath);
      let entries: Dirent[];
      try {
        entries = await readdir(realPath, { withFileTypes: true });
      } catch (error) {
        throw describeFsError(error, shown);
      }
      // The names just read must still come from the checked directory, not one a symlink swap put there.
      if ((await checkedReal(realPath, shown)) !== realPath) {
        throw new WorkspacePathError(`${shown} changed while it was being read`);
      }
      return entries;
    },

    display(realPath) {
      const shown = relative(knownRealRoot, realPath);
      return shown === "" ? "." : shown;
    },
  };
  return paths;
}
