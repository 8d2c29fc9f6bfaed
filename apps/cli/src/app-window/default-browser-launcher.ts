import { win32 } from "node:path";
import { findExecutable, type IsExecutable } from "./find-executable.ts";

/** The platform's "open this link in the default browser" program, with the arguments before the link. */
export interface DefaultBrowserLauncher {
  readonly program: string;
  readonly argsBefore: readonly string[];
  /**
   * Windows: the program is cmd running `start`. Its arguments go as written (Node's quoting would turn `""`
   * into `"\"\""`) and its console window stays hidden.
   */
  readonly throughCmd?: boolean;
}

/**
 * How this platform opens a link in the person's default browser, or undefined when it has no way (a Linux
 * server without xdg-utils). On Windows `start` is a built-in of cmd, so cmd runs it; its first quoted argument
 * is a window title, hence the empty one, and the link has no character cmd would treat specially (the App's
 * links are `http://127.0.0.1:<port>/#code=<base64url>`).
 */
export function defaultBrowserLauncher(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  isExecutable: IsExecutable,
): DefaultBrowserLauncher | undefined {
  if (platform === "darwin") {
    return isExecutable("/usr/bin/open") ? { program: "/usr/bin/open", argsBefore: [] } : undefined;
  }
  if (platform === "win32") {
    const cmd = env.ComSpec ?? win32.join(env.SystemRoot ?? "C:\\Windows", "System32", "cmd.exe");
    return { program: cmd, argsBefore: ["/d", "/c", "start", '""'], throughCmd: true };
  }
  const xdgOpen = findExecutable("xdg-open", { env, platform, isExecutable });
  return xdgOpen ? { program: xdgOpen, argsBefore: [] } : undefined;
}
