import { setTimeout as sleep } from "node:timers/promises";
import type { GatewayClient } from "@multiclaw/gateway-client";
import { type LoginStatus, StartLoginRequest } from "@multiclaw/protocol";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError, INTERRUPTED_EXIT_CODE } from "../cli-error.ts";
import { describeSignedIn } from "../status/describe-identity.ts";
import { alreadySignedInAsUser, offerUserSignIn, signInUser } from "./login-command-user.ts";

/*
 * `multiclaw login`: the gateway runs the device authorization against its Cloud and keeps the credential; the
 * CLI only starts it, shows the code and the link, and waits until the person has confirmed it in a browser.
 * Then it offers to sign the person in as a user too (login-command-user.ts); `--user` does only that.
 */

/** Starts the gateway in the background when nothing answers, since signing in is the gateway's work. */
async function ensureGatewayRuns(ctx: CliContext): Promise<void> {
  const apiOrigin = ctx.apiOrigin();
  if (await ctx.gatewayProcess.answers(apiOrigin)) return;
  ctx.out.note("The gateway is not running; starting it…");
  const started = await ctx.gatewayProcess.start({ paths: ctx.paths, apiOrigin, env: ctx.env });
  ctx.out.note(`Gateway started (pid ${started.pid}), local API at ${apiOrigin}`);
}

function minutesLeft(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return "";
  const minutes = Math.max(1, Math.round((Date.parse(expiresAt) - now) / 60_000));
  return ` It expires in ${minutes} min.`;
}

function showCode(ctx: CliContext, login: LoginStatus): void {
  const { style } = ctx.out;
  const link = login.verificationUriComplete ?? login.verificationUri;
  ctx.out.line("To sign this gateway in, open the link and confirm the code:");
  ctx.out.line();
  ctx.out.line(`    ${style.bold(login.userCode ?? "")}`);
  ctx.out.line();
  if (link) ctx.out.line(`  ${link}`);
  if (login.verificationUriComplete && login.verificationUri) {
    ctx.out.line(style.dim(`  (or open ${login.verificationUri} and type the code)`));
  }
  ctx.out.line(`${minutesLeft(login.expiresAt, Date.now()).trim()}`);
  ctx.out.note("Waiting for the code to be confirmed… (Ctrl-C stops waiting)");
}

function signedInLine(login: LoginStatus): string {
  const cloud = login.cloudUrl ? ` at ${login.cloudUrl}` : "";
  return login.signedIn ? `${describeSignedIn(login.signedIn)}${cloud}` : `the Cloud${cloud}`;
}

/** Polls until signed in; throws on failure or expiry; resolves false if the user stopped waiting. */
async function waitForConfirmation(ctx: CliContext, gateway: GatewayClient, first: LoginStatus) {
  let login = first;
  let shownCode: string | null = null;
  for (;;) {
    switch (login.state) {
      case "signed-in":
        ctx.out.line(ctx.out.style.green(`Signed in as ${signedInLine(login)}.`));
        return true;
      case "failed": {
        const error = login.error;
        throw new CliError(`signing in failed: ${error?.message ?? "the Cloud refused it"}`, {
          ...(error ? { code: error.code } : {}),
        });
      }
      case "signed-out":
        throw new CliError("signing in stopped before it finished; run `multiclaw login` again", {
          code: "NOT_SIGNED_IN",
        });
      case "pending":
        // The gateway may answer before the Cloud has issued the code; it comes with a later poll.
        if (login.userCode !== null && login.userCode !== shownCode) {
          showCode(ctx, login);
          shownCode = login.userCode;
        }
        if (login.expiresAt !== null && Date.parse(login.expiresAt) <= Date.now()) {
          throw new CliError("the code expired before it was confirmed; run `multiclaw login` again", {
            code: "DEVICE_CODE_EXPIRED",
          });
        }
    }
    try {
      await sleep(ctx.loginPollIntervalMs, undefined, { signal: ctx.signal });
      login = await gateway.call("loginStatus", { signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) return false;
      throw error;
    }
  }
}

interface LoginOptions {
  cloud?: string;
  user?: boolean;
  email?: string;
}

export function registerLoginCommand(program: Command, ctx: CliContext): void {
  program
    .command("login")
    .description("sign the gateway in to a MultiClaw Cloud, and you as a user (starts the gateway if needed)")
    .option("--cloud <url>", "the Cloud to sign in to (default: the gateway's configured Cloud)")
    .option("--user", "sign in only as a user (email and password), to manage keys, agents and the team")
    .option("--email <email>", "with --user: the account's email (asked on a terminal when not given)")
    .addHelpText(
      "after",
      "\nThe gateway signs in with a code you confirm in a browser where you are signed in to the Cloud; the\n" +
        "gateway keeps the device credential (a 0600 file), the CLI never sees it. Then you may sign in as a\n" +
        "user as well: the gateway keeps that session too. The password is asked on a terminal and read from\n" +
        "standard input otherwise, never taken as an argument:\n\n" +
        "  printf '%s\\n' \"$PASSWORD\" | multiclaw login --user --email you@example.com",
    )
    .action(async (options: LoginOptions) => {
      // Checked before the gateway is started or asked anything.
      const request = StartLoginRequest.safeParse(
        options.cloud === undefined ? {} : { cloudUrl: options.cloud },
      );
      if (!request.success) {
        throw new CliError(`--cloud must be an http(s) URL, not ${JSON.stringify(options.cloud)}`, {
          code: "VALIDATION_FAILED",
        });
      }
      if (options.email !== undefined && !options.user) {
        throw new CliError("--email goes with --user", { code: "VALIDATION_FAILED" });
      }
      await ensureGatewayRuns(ctx);
      const gateway = await ctx.connect();
      if (options.user) {
        const user = await gateway.user({ signal: ctx.signal });
        if (user.state === "signed-in") {
          alreadySignedInAsUser(ctx, user);
          return;
        }
        await signInUser(ctx, gateway, {
          ...(options.email === undefined ? {} : { email: options.email }),
          ...(request.data.cloudUrl === undefined ? {} : { cloudUrl: request.data.cloudUrl }),
        });
        return;
      }
      const current = await gateway.call("loginStatus", { signal: ctx.signal });
      if (current.state === "signed-in") {
        ctx.out.line(`Already signed in as ${signedInLine(current)}.`);
        ctx.out.note("To sign in as someone else, run `multiclaw logout` first.");
        await offerUserSignIn(ctx, gateway);
        return;
      }
      const started = await gateway.call("startLogin", { body: request.data, signal: ctx.signal });
      if (!(await waitForConfirmation(ctx, gateway, started))) {
        ctx.out.note(
          "Stopped waiting; the code stays valid until it expires. Run `multiclaw login` to wait again.",
        );
        ctx.exitCode = INTERRUPTED_EXIT_CODE;
        return;
      }
      await offerUserSignIn(ctx, gateway);
    });
}
