import type { AppCode } from "@multiclaw/protocol";
import type { AppOpenOutcome, OpenAppLink } from "./open-app-link.ts";

/** The App's one-time link and what came of opening it. */
export interface AppLaunch {
  readonly link: AppCode;
  readonly outcome: AppOpenOutcome;
}

export interface LaunchAppOptions {
  /** Asks the gateway for a one-time code (`createAppCode`); a fake in tests. */
  requestCode(): Promise<AppCode>;
  openLink: OpenAppLink;
  noOpen?: boolean;
}

/**
 * Asks the gateway for a one-time link and opens it: what `multiclaw app` and `npm start` both do. A gateway
 * that refuses the code throws, for the caller to explain; a browser that fails does not, since the printed
 * link still opens the App.
 */
export async function launchApp(options: LaunchAppOptions): Promise<AppLaunch> {
  const link = await options.requestCode();
  const outcome = await options.openLink(link.url, { noOpen: options.noOpen === true });
  return { link, outcome };
}
