import { ensureAppBrowserProfile } from "./app-browser-profile.ts";
import { chooseAppOpening } from "./app-open-plan.ts";
import { type IsExecutable, isExecutableFile } from "./find-executable.ts";
import type { LaunchDetached, LaunchRequest } from "./launch-detached.ts";

/** What came of opening the App's link; the link itself stays with the caller. */
export type AppOpenOutcome =
  /** `browser` is null for the default browser, whose name is not known. */
  | { readonly opened: true; readonly browser: string | null; readonly appWindow: boolean }
  /** `asked`: the person asked for no window (BROWSER=none…); otherwise `why` says what went wrong. */
  | { readonly opened: false; readonly why: string; readonly asked: boolean };

export interface AppLinkOpenerDeps {
  /** The command's environment: where PATH, BROWSER, MULTICLAW_HOME… are read, and what the browser gets. */
  env: NodeJS.ProcessEnv;
  launch: LaunchDetached;
  platform?: NodeJS.Platform;
  isExecutable?: IsExecutable;
}

/** Opens a link of the App; `noOpen` is the command's `--no-open`. */
export type OpenAppLink = (url: string, options?: { noOpen?: boolean }) => Promise<AppOpenOutcome>;

/**
 * Opens the App's one-time link as the person's machine allows: an app window of a Chromium-family browser in
 * the App's own profile, else a browser tab, else nothing (and the caller prints the link). The link goes to
 * the browser's (or its launcher's) arguments only, since that is how a browser is told what to open; it is
 * never written to a log.
 *
 * @example
 * const open = createAppLinkOpener({ env: process.env, launch: createDetachedLauncher() });
 * const outcome = await open(appCode.url);
 */
export function createAppLinkOpener(deps: AppLinkOpenerDeps): OpenAppLink {
  const platform = deps.platform ?? process.platform;
  const isExecutable = deps.isExecutable ?? isExecutableFile;
  return async (url, options = {}) => {
    const plan = chooseAppOpening({ env: deps.env, platform, noOpen: options.noOpen === true, isExecutable });
    if (plan.kind === "print-link") return { opened: false, why: plan.why, asked: plan.asked };
    let request: LaunchRequest;
    if (plan.kind === "app-window") {
      let profile: string;
      try {
        profile = ensureAppBrowserProfile(deps.env);
      } catch (error) {
        return {
          opened: false,
          why: `the App's browser profile cannot be created: ${(error as Error).message}`,
          asked: false,
        };
      }
      request = {
        program: plan.browser.executable,
        args: [`--app=${url}`, `--user-data-dir=${profile}`, "--no-first-run", "--no-default-browser-check"],
        env: deps.env,
      };
    } else {
      request = {
        program: plan.launcher.program,
        args: [...plan.launcher.argsBefore, url],
        env: deps.env,
        ...(plan.launcher.throughCmd ? { throughCmd: true } : {}),
      };
    }
    const launched = await deps.launch(request);
    if (!launched.started) return { opened: false, why: launched.why, asked: false };
    return plan.kind === "app-window"
      ? { opened: true, browser: plan.browser.name, appWindow: true }
      : { opened: true, browser: plan.name, appWindow: false };
  };
}
