import type { Command } from "commander";
import { launchApp } from "../app-window/launch-app.ts";
import type { LaunchDetached } from "../app-window/launch-detached.ts";
import { createAppLinkOpener } from "../app-window/open-app-link.ts";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { startEmbedded } from "../embedded/start-embedded.ts";
import { DEFAULT_RESTART_POLICY } from "../embedded/supervisor.ts";

/** The Cloud's port for the embedded product (the Cloud's own MULTICLAW_CLOUD_PORT setting). */
function cloudPortOf(env: NodeJS.ProcessEnv): number {
  const raw = env.MULTICLAW_CLOUD_PORT ?? "4800";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new CliError(`MULTICLAW_CLOUD_PORT must be a port number, not "${raw}"`, {
      code: "VALIDATION_FAILED",
    });
  }
  return port;
}

export interface StartCommandDeps {
  /** Starts the browser that shows the App once everything is up; the real detached launcher outside tests. */
  launch: LaunchDetached;
}

export function registerStartCommand(program: Command, ctx: CliContext, deps: StartCommandDeps): void {
  program
    .command("start")
    .description(
      "run the whole product on this machine: a Cloud on 127.0.0.1 (embedded PostgreSQL) and a gateway signed in to it",
    )
    .option("--no-open", "open no browser: print the app's one-time link instead")
    .addHelpText(
      "after",
      `
Once both run and the gateway is signed in, it opens the app (as \`multiclaw app\` does): in Chromium, Chrome
or Edge as an app window, else the default browser; with --no-open, BROWSER=none or MULTICLAW_NO_OPEN=1 it
prints the app's one-time link instead.

It stays in the foreground and keeps what it started running: when the Cloud or the gateway dies it says
which, why and where its log is, and restarts it (giving up after ${DEFAULT_RESTART_POLICY.maxRestarts} restarts within ${DEFAULT_RESTART_POLICY.windowMs / 1000} s). Ctrl-C stops
both. If either cannot start (a port taken, say) it stops what it started, prints the process's own error
and log path, and exits non-zero. If only signing the gateway in fails, both keep running: sign it in with
\`multiclaw login\` and the console.

Environment: MULTICLAW_HOME (the data directory), MULTICLAW_CLOUD_PORT (default 4800),
MULTICLAW_GATEWAY_PORT (default 4801), MULTICLAW_BROWSER (the browser for the app).`,
    )
    .action(async (options: { open: boolean }) => {
      const untilStopped = new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      await startEmbedded({
        home: ctx.env.MULTICLAW_HOME,
        paths: ctx.paths,
        cloudPort: cloudPortOf(ctx.env),
        gatewayPort: Number(new URL(ctx.apiOrigin()).port),
        env: ctx.env,
        write: (text) => ctx.out.write(text),
        untilStopped,
        openApp: (gateway) =>
          launchApp({
            requestCode: () => gateway.call("createAppCode", { signal: ctx.signal }),
            openLink: createAppLinkOpener({ env: ctx.env, launch: deps.launch }),
            noOpen: !options.open,
          }),
      });
    });
}
