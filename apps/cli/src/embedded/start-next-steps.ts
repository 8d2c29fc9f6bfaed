import { describeAppLaunch } from "../app-window/app-launch-lines.ts";
import type { AppLaunch } from "../app-window/launch-app.ts";

/** The App after a good start: opened (or its link), why it could not be, or not tried (tests of the start). */
export type StartedApp = { launch: AppLaunch } | { failed: string } | undefined;

export interface NextStepsInput {
  /** The user the gateway holds; the terminal's commands act as them. */
  userEmail: string | undefined;
  /** What another terminal needs to find this start's gateway (MULTICLAW_HOME, the port) when not defaults. */
  environment: readonly string[];
  app: StartedApp;
  now: number;
}

function appLines(app: StartedApp, again: string, now: number): string {
  if (app === undefined) return `  Open the app with \`${again}\` (chat, agents, keys, team, connections).\n`;
  if ("failed" in app)
    return `  The app could not be opened: ${app.failed}\n  Try again with \`${again}\`.\n`;
  const text = describeAppLaunch(app.launch, now, again);
  const lines = [...(text.warning ? [text.warning] : []), ...text.lines];
  if (app.launch.outcome.opened) {
    lines.push("Chat, agents, keys, team and connections are all there.", `\`${again}\` opens it again.`);
  }
  return lines.map((line) => `  ${line}\n`).join("");
}

/**
 * What to do after a good start: the App first, where people work; then the terminal's commands as the
 * alternative, as the user the gateway holds. `npx multiclaw` works in the repository without installing.
 */
export function nextSteps(input: NextStepsInput): string {
  const { userEmail, environment } = input;
  const prefix = environment.length === 0 ? "" : `${environment.join(" ")} `;
  const signIn = userEmail
    ? ""
    : "    npx multiclaw login --user         sign in as yourself (the commands below act as you)\n";
  const where = environment.length === 0 ? "" : `  (with ${environment.join(" ")} set, as this start has)\n`;
  return `
${appLines(input.app, `${prefix}npx multiclaw app`, input.now)}
  Or in another terminal of this directory${userEmail ? ` (you act as ${userEmail})` : ""}:
${where}${signIn}    npx multiclaw keys set openai        the key is read from a prompt or standard input
    npx multiclaw agents create --name helper --provider openai --model gpt-5-mini
    npx multiclaw chat helper "Hello"
  Also: npx multiclaw agents | tasks | team | connections | status (each with --help and --json).
  Stop with Ctrl-C.
`;
}
