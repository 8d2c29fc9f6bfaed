import type { AppLaunch } from "./launch-app.ts";

/** "2 minutes", "45 seconds": how long the link still works, from the gateway's `expiresAt`. */
export function linkLifetime(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  if (seconds >= 90) return `${Math.round(seconds / 60)} minutes`;
  if (seconds >= 60) return "1 minute";
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** What the person reads about the App: a warning (for stderr) when a browser failed, and the result lines. */
export interface AppLaunchText {
  readonly warning?: string;
  readonly lines: readonly string[];
}

/**
 * What the person reads after `multiclaw app` (and in `npm start`'s closing lines): one line when a window
 * opened; otherwise the link and that it works once, with a warning saying why unless the person asked for
 * no window.
 *
 * @example
 * describeAppLaunch(launch, Date.now()).lines // ["Opened MultiClaw in Chromium (app window)."]
 */
export function describeAppLaunch(
  launch: AppLaunch,
  now: number,
  /** The command that makes a new link, as this person would type it. */
  againCommand = "multiclaw app",
): AppLaunchText {
  const { outcome, link } = launch;
  if (outcome.opened) {
    const where = outcome.browser ?? "your default browser";
    return { lines: [`Opened MultiClaw in ${where}${outcome.appWindow ? " (app window)" : ""}.`] };
  }
  const lines = [
    `Open MultiClaw in a browser on this machine: ${link.url}`,
    `This link works once, within ${linkLifetime(link.expiresAt, now)}; \`${againCommand}\` makes a new one.`,
  ];
  return outcome.asked ? { lines } : { warning: `Could not open a browser: ${outcome.why}.`, lines };
}
