import { chmodSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";

/*
 * The App's app window runs in a browser profile of its own: its cookie (the App's session) and its site data
 * stay out of the person's everyday profile and its sync, and the window opens as a separate app. It lives in
 * the data directory beside the gateway's (MULTICLAW_HOME when set), 0700 like every directory holding a
 * session: the profile keeps the session cookie on disk.
 */

export const APP_BROWSER_PROFILE_DIR_NAME = "app-browser-profile";

/** `<MULTICLAW_HOME or the platform's data dir>/app-browser-profile`. */
export function appBrowserProfileDir(env: NodeJS.ProcessEnv): string {
  const home = env.MULTICLAW_HOME;
  if (home) return join(home, APP_BROWSER_PROFILE_DIR_NAME);
  let data: string | undefined;
  try {
    data = envPaths("multiclaw", { suffix: "" }).data;
  } catch {
    data = undefined;
  }
  return join(data ?? join(homedir(), ".multiclaw"), APP_BROWSER_PROFILE_DIR_NAME);
}

/** Creates the profile directory 0700 (and tightens one made looser by hand or by an older version). */
export function ensureAppBrowserProfile(env: NodeJS.ProcessEnv): string {
  const dir = appBrowserProfileDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}
