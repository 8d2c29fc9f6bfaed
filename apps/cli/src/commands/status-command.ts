import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { renderStatus } from "../status/render-status.ts";

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command("status")
    .description("show the signed-in account, workspace, Cloud link, last sync and agents")
    .option("--json", "print the gateway's status as JSON")
    .action(async (options: { json?: boolean }) => {
      const gateway = await ctx.connect();
      const status = await gateway.status({ signal: ctx.signal });
      if (options.json) {
        ctx.out.line(JSON.stringify(status, null, 2));
        return;
      }
      ctx.out.line(
        renderStatus(status, { apiOrigin: ctx.apiOrigin(), now: Date.now(), style: ctx.out.style }),
      );
    });
}
