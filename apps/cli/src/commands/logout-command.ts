import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

export function registerLogoutCommand(program: Command, ctx: CliContext): void {
  program
    .command("logout")
    .description("sign the gateway out: revoke it at the Cloud and delete its device credential")
    .action(async () => {
      const gateway = await ctx.connect();
      const before = await gateway.call("loginStatus", { signal: ctx.signal });
      if (before.state === "signed-out") {
        ctx.out.line("This gateway is not signed in.");
        return;
      }
      const result = await gateway.call("logout", { signal: ctx.signal });
      if (result.revokedAtCloud || before.state !== "signed-in") {
        ctx.out.line("Signed out. The device credential is deleted from this machine.");
        return;
      }
      ctx.out.line("Signed out on this machine: the device credential is deleted.");
      ctx.out.note(
        ctx.out.style.yellow(
          "warning: the Cloud could not be reached, so it still lists this gateway as an instance of the " +
            "workspace; remove it there when the Cloud is back (the credential is gone from this machine anyway).",
        ),
      );
    });
}
