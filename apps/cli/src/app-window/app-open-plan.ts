import { type BrowserCandidate, browserCandidates, isChromiumFamily } from "./browser-candidates.ts";
import { type DefaultBrowserLauncher, defaultBrowserLauncher } from "./default-browser-launcher.ts";
import { findExecutable, type IsExecutable } from "./find-executable.ts";

/** A browser found on this machine: what the output calls it and the file that runs it. */
export interface FoundBrowser {
  readonly name: string;
  readonly executable: string;
}

/**
 * How the App's link will be opened:
 * - `print-link`: open nothing, print the link (asked for, or nothing here can open it);
 * - `app-window`: a Chromium-family browser with `--app=`, in a profile of its own;
 * - `browser`: a tab of the browser the person named in BROWSER, or of the default browser.
 */
export type AppOpenPlan =
  | { readonly kind: "print-link"; readonly why: string; readonly asked: boolean }
  | { readonly kind: "app-window"; readonly browser: FoundBrowser }
  /** `name` is null for the default browser, whose name is not known. */
  | { readonly kind: "browser"; readonly name: string | null; readonly launcher: DefaultBrowserLauncher };

export interface AppOpenPlanInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** `--no-open` was given. */
  noOpen: boolean;
  isExecutable: IsExecutable;
}

/** MULTICLAW_NO_OPEN=1 (or true, yes): set by tests and headless machines so nothing pops up. */
function noOpenVariable(env: NodeJS.ProcessEnv): boolean {
  const value = env.MULTICLAW_NO_OPEN?.trim().toLowerCase();
  return value !== undefined && !["", "0", "false", "no"].includes(value);
}

function asAppWindow(name: string, executable: string): AppOpenPlan {
  return { kind: "app-window", browser: { name, executable } };
}

/** The name a browser the person named goes by in the output: its file name without the extension. */
function nameOfNamed(executable: string): string {
  const base = executable.split(/[\\/]/).pop() ?? executable;
  return base.replace(/\.exe$/i, "");
}

/**
 * Decides how to open the App, in this order: asked not to (`--no-open`, MULTICLAW_NO_OPEN, BROWSER=none) →
 * MULTICLAW_BROWSER (a path or a command; a Chromium-family one as an app window) → no display on Linux (the
 * link, since no window can show) → BROWSER, the usual variable
 * for the person's browser (Chromium-family as an app window, any other in a tab) → the first Chromium-family
 * browser installed → the default browser → nothing, printing the link.
 *
 * @example
 * chooseAppOpening({ env: process.env, platform: process.platform, noOpen: false, isExecutable: isExecutableFile })
 */
export function chooseAppOpening(input: AppOpenPlanInput): AppOpenPlan {
  const { env, platform, isExecutable } = input;
  const lookup = { env, platform, isExecutable };
  if (input.noOpen) return { kind: "print-link", why: "--no-open was given", asked: true };
  if (noOpenVariable(env)) return { kind: "print-link", why: "MULTICLAW_NO_OPEN is set", asked: true };
  const browserVariable = env.BROWSER?.trim();
  if (browserVariable?.toLowerCase() === "none")
    return { kind: "print-link", why: "BROWSER=none", asked: true };

  const chosen = env.MULTICLAW_BROWSER?.trim();
  if (chosen) {
    const executable = findExecutable(chosen, lookup);
    // The person named this browser: opening another instead would surprise them more than a printed link.
    if (!executable) {
      return { kind: "print-link", why: `MULTICLAW_BROWSER=${chosen} is not a program here`, asked: false };
    }
    return asAppWindow(nameOfNamed(executable), executable);
  }
  // Over SSH or on a server nothing can show a window, and xdg-open would start a text browser no one sees.
  if (!hasDisplay(platform, env)) {
    return {
      kind: "print-link",
      why: "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)",
      asked: false,
    };
  }
  if (browserVariable) {
    const executable = findExecutable(browserVariable, lookup);
    if (executable && isChromiumFamily(executable)) return asAppWindow(nameOfNamed(executable), executable);
    if (executable) {
      return {
        kind: "browser",
        name: nameOfNamed(executable),
        launcher: { program: executable, argsBefore: [] },
      };
    }
  }
  const installed = firstInstalled(browserCandidates(platform, env), lookup);
  if (installed) return asAppWindow(installed.name, installed.executable);
  const launcher = defaultBrowserLauncher(platform, env, isExecutable);
  if (launcher) return { kind: "browser", name: null, launcher };
  return {
    kind: "print-link",
    why:
      platform === "linux"
        ? "no Chromium, Chrome or Edge is installed and there is no xdg-open to find another browser"
        : "no browser was found",
    asked: false,
  };
}

/** macOS and Windows always have one for a logged-in user; elsewhere X11 or Wayland says where it is. */
function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === "darwin" || platform === "win32") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function firstInstalled(
  candidates: readonly BrowserCandidate[],
  lookup: Parameters<typeof findExecutable>[1],
): FoundBrowser | undefined {
  for (const candidate of candidates) {
    const executable = findExecutable(candidate.command, lookup);
    if (executable) return { name: candidate.name, executable };
  }
  return undefined;
}
