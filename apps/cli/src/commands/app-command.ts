import { isGatewayApiError } from "@multiclaw/gateway-client";
import type { Command } from "commander";
import { describeAppLaunch } from "../app-window/app-launch-lines.ts";
import { launchApp } from "../app-window/launch-app.ts";
import type { LaunchDetached } from "../app-window/launch-detached.ts";
import { createAppLinkOpener } from "../app-window/open-app-link.ts";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";

export interface AppCommandDeps {
  /** Starts the browser; the real detached launcher outside tests. */
  launch: LaunchDetached;
}

interface AppCommandOptions {
  open: boolean;
  printLink?: boolean;
  json?: boolean;
}

function noGateway(apiOrigin: string): CliError {
  return new CliError(
    `MultiClaw is not running (no gateway answers at ${apiOrigin}): start it with \`multiclaw start\` ` +
      "(`npm start` in the repository), or start only the gateway with `multiclaw gateway start`",
  );
}

export function registerAppCommand(program: Command, ctx: CliContext, deps: AppCommandDeps): void {
  program
    .command("app")
    .description("open the MultiClaw app, signed in to this machine's gateway")
    .option("--no-open", "open no browser: print the one-time link instead")
    .option("--print-link", "print only the one-time link (for scripts); opens nothing")
    .option("--json", "print {url, expiresAt, opened, browser} as JSON")
    .addHelpText(
      "after",
      `
The app opens in Chromium, Google Chrome or Microsoft Edge as an app window (a profile of its own under the
data directory), else in the default browser. The link signs the page in once and works for 2 minutes.

Environment: MULTICLAW_BROWSER (the browser to use, a path or a command), BROWSER=none or MULTICLAW_NO_OPEN=1
(open nothing, print the link).`,
    )
    .action(async (options: AppCommandOptions) => {
      const apiOrigin = ctx.apiOrigin();
      if (!(await ctx.gatewayProcess.answers(apiOrigin))) throw noGateway(apiOrigin);
      const gateway = await ctx.connect();
      const requestCode = () =>
        gateway.call("createAppCode", { signal: ctx.signal }).catch((error: unknown) => {
          // A gateway started before this CLI was updated has no App to serve.
          if (isGatewayApiError(error) && error.code === "NOT_FOUND") {
            throw new CliError(
              "the running gateway has no app (it is older than this CLI): restart it with " +
                "`multiclaw gateway stop` and `multiclaw gateway start`",
              { cause: error },
            );
          }
          throw error;
        });
      if (options.printLink) {
        ctx.out.line((await requestCode()).url);
        return;
      }
      const openLink = createAppLinkOpener({ env: ctx.env, launch: deps.launch });
      const launch = await launchApp({ requestCode, openLink, noOpen: !options.open });
      const text = describeAppLaunch(launch, Date.now());
      if (text.warning) ctx.out.note(text.warning);
      if (options.json) {
        const { link, outcome } = launch;
        ctx.out.line(
          JSON.stringify(
            {
              url: link.url,
              expiresAt: link.expiresAt,
              opened: outcome.opened,
              browser: outcome.opened ? (outcome.browser ?? "default") : null,
            },
            null,
            2,
          ),
        );
        return;
      }
      for (const line of text.lines) ctx.out.line(line);
    });
}
