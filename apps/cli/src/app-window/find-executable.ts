import { accessSync, constants, statSync } from "node:fs";
import { posix, win32 } from "node:path";

/** Whether `path` is a file this user may run; tests and other platforms pass their own. */
export type IsExecutable = (path: string) => boolean;

export const isExecutableFile: IsExecutable = (path) => {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit: a file that exists is runnable, PATHEXT decides which names count.
    if (process.platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export interface ExecutableLookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  isExecutable: IsExecutable;
}

/**
 * The absolute path `command` runs as: a path is taken as it is (when runnable), a bare name is looked up on the
 * environment's PATH (with PATHEXT on Windows), as a shell would. The lookup uses the command's own
 * environment, not this process's, so `multiclaw` run with another PATH finds what that PATH holds.
 *
 * @example
 * findExecutable("chromium", { env: { PATH: "/usr/bin" }, platform: "linux", isExecutable }) // "/usr/bin/chromium"
 */
export function findExecutable(command: string, lookup: ExecutableLookup): string | undefined {
  const windows = lookup.platform === "win32";
  const path = windows ? win32 : posix;
  if (command.includes("/") || (windows && command.includes("\\"))) {
    return path.isAbsolute(command) && lookup.isExecutable(command) ? command : undefined;
  }
  // Windows spells the variable in any case (`Path` is common).
  const pathVariable = windows
    ? Object.entries(lookup.env).find(([name]) => name.toUpperCase() === "PATH")?.[1]
    : lookup.env.PATH;
  const extensions = windows
    ? (lookup.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((ext) => ext !== "")
    : [""];
  for (const dir of (pathVariable ?? "").split(path.delimiter)) {
    // An empty PATH entry means the current directory to a shell; a browser is never looked for there.
    if (dir === "" || !path.isAbsolute(dir)) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, command + extension);
      if (lookup.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
