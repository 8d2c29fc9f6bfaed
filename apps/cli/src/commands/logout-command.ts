import type { GatewayClient } from "@multiclaw/gateway-client";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { describeSignedInUser } from "../status/describe-user.ts";

/** Signs the user out, if one is signed in; resolves whether one was. */
async function signOutUser(ctx: CliContext, gateway: GatewayClient): Promise<boolean> {
  const user = await gateway.user({ signal: ctx.signal });
  if (user.state === "signed-out") return false;
  const result = await gateway.signOutUser({ signal: ctx.signal });
  ctx.out.line(`Signed out as user ${describeSignedInUser(user)}.`);
  if (!result.revokedAtCloud) {
    ctx.out.note(
      ctx.out.style.yellow(
        "warning: the Cloud could not be reached, so the session is deleted from this machine only; it stays " +
          "valid at the Cloud until it expires (nobody holds its token any more).",
      ),
    );
  }
  return true;
}

export function registerLogoutCommand(program: Command, ctx: CliContext): void {
  program
    .command("logout")
    .description("sign out: the user, and the gateway (revoked at the Cloud, its device credential deleted)")
    .option("--user", "sign out only the user; the gateway stays signed in")
    .action(async (options: { user?: boolean }) => {
      const gateway = await ctx.connect();
      const userWasSignedIn = await signOutUser(ctx, gateway);
      if (options.user) {
        if (!userWasSignedIn) ctx.out.line("No user is signed in.");
        return;
      }
      const before = await gateway.call("loginStatus", { signal: ctx.signal });
      if (before.state === "signed-out") {
        if (!userWasSignedIn) ctx.out.line("This gateway is not signed in.");
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
