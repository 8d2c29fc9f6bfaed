import { isGatewayApiError } from "@multiclaw/gateway-client";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { renderStatus } from "../status/render-status.ts";

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command("status")
    .description("show the signed-in account, the user, workspace, Cloud link, last sync and agents")
    .option("--json", "print the gateway's status, with the user session as `user`, as JSON")
    .action(async (options: { json?: boolean }) => {
      const gateway = await ctx.connect();
      const [status, user] = await Promise.all([
        gateway.status({ signal: ctx.signal }),
        // A gateway from before user sessions has no such route: its status still shows.
        gateway.user({ signal: ctx.signal }).catch((error: unknown) => {
          if (isGatewayApiError(error) && error.code === "NOT_FOUND") return undefined;
          throw error;
        }),
      ]);
      if (options.json) {
        ctx.out.line(JSON.stringify(user ? { ...status, user } : status, null, 2));
        return;
      }
      ctx.out.line(
        renderStatus(status, {
          apiOrigin: ctx.apiOrigin(),
          now: Date.now(),
          style: ctx.out.style,
          ...(user ? { user } : {}),
        }),
      );
    });
}
