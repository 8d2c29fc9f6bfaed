import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { startEmbedded } from "../embedded/start-embedded.ts";

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

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description(
      "run the whole product on this machine: a Cloud on 127.0.0.1 (embedded PostgreSQL) and a gateway signed in to it",
    )
    .action(async () => {
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
      });
    });
}
