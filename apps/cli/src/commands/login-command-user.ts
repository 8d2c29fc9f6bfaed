import { confirm, isCancel, password as passwordPrompt, text } from "@clack/prompts";
import { type GatewayClient, isGatewayApiError } from "@multiclaw/gateway-client";
import { Email, type SignedInUser } from "@multiclaw/protocol";
import type { CliContext } from "../cli-context.ts";
import { CliError, INTERRUPTED_EXIT_CODE } from "../cli-error.ts";
import { readAllInput } from "../prompts/prompters.ts";
import { describeSignedInUser, describeUserWorkspaces } from "../status/describe-user.ts";

/*
 * `multiclaw login --user`: signs a person in to the gateway's Cloud as themselves, so this terminal can manage
 * keys, agents, tasks and the team. The gateway keeps the session; the CLI only passes the email and password
 * on, once. The password comes from a hidden prompt on a terminal, or from standard input when that is not a
 * terminal (`printf '%s\n' "$PASSWORD" | multiclaw login --user --email ada@example.com`) — never from argv,
 * where other users of the machine could read it.
 */

/** Whether a person is there to answer prompts. */
export function isInteractive(ctx: CliContext): boolean {
  return ctx.stdin.isTTY === true && ctx.out.stdout.isTTY === true;
}

/** Stops the command the way Ctrl-C does when a prompt is cancelled. */
class PromptCancelled extends Error {}

function answered(value: string | symbol): string {
  if (isCancel(value) || typeof value !== "string") throw new PromptCancelled();
  return value;
}

function promptOptions(ctx: CliContext) {
  return {
    input: ctx.stdin as NodeJS.ReadStream,
    output: ctx.out.stdout as NodeJS.WriteStream,
    signal: ctx.signal,
  };
}

async function askEmail(ctx: CliContext): Promise<string> {
  return answered(
    await text({
      ...promptOptions(ctx),
      message: "Email",
      validate: (value) =>
        Email.safeParse(value ?? "").success ? undefined : "Type the account's email address",
    }),
  ).trim();
}

async function askPassword(ctx: CliContext): Promise<string> {
  return answered(
    await passwordPrompt({
      ...promptOptions(ctx),
      message: "Password",
      validate: (value) => (value ? undefined : "Type the password"),
    }),
  );
}

/** The password piped in: everything on stdin but the line break that ends it. */
async function passwordFromStdin(ctx: CliContext): Promise<string> {
  const password = (await readAllInput(ctx.stdin)).replace(/\r?\n$/, "");
  if (password === "") {
    throw new CliError(
      "no password on standard input; pipe it in, or run `multiclaw login --user` on a terminal to be asked",
      { code: "VALIDATION_FAILED" },
    );
  }
  return password;
}

function showSignedIn(ctx: CliContext, user: SignedInUser): void {
  ctx.out.line(ctx.out.style.green(`Signed in as user ${describeSignedInUser(user)}.`));
  ctx.out.line(`Workspaces: ${describeUserWorkspaces(user.workspaces)}`);
}

/** Attempts a person at a terminal gets before signing in gives up, as a terminal login does. */
const INTERACTIVE_ATTEMPTS = 3;

/** Signs the user in; the Cloud's refusal becomes a one-line error with its code. */
export async function signInUser(
  ctx: CliContext,
  gateway: GatewayClient,
  options: { email?: string; cloudUrl?: string },
): Promise<void> {
  const interactive = isInteractive(ctx);
  if (options.email === undefined && !interactive) {
    throw new CliError(
      "give the account's email with --email when standard input is not a terminal (the password is read from it)",
      { code: "VALIDATION_FAILED" },
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const email = options.email ?? (await askEmail(ctx));
      const password = interactive ? await askPassword(ctx) : await passwordFromStdin(ctx);
      const user = await gateway.signInUser(
        { email, password, ...(options.cloudUrl ? { cloudUrl: options.cloudUrl } : {}) },
        { signal: ctx.signal },
      );
      showSignedIn(ctx, user);
      return;
    } catch (error) {
      if (error instanceof PromptCancelled) {
        ctx.out.note("Not signed in as a user.");
        ctx.exitCode = INTERRUPTED_EXIT_CODE;
        return;
      }
      if (isGatewayApiError(error) && error.code === "RATE_LIMITED") {
        const wait = error.retryAfterSeconds === undefined ? "later" : `in ${error.retryAfterSeconds} s`;
        throw new CliError(`too many sign-in attempts; try again ${wait}`, {
          code: "RATE_LIMITED",
          cause: error,
        });
      }
      if (!isGatewayApiError(error) || error.code !== "AUTH_INVALID") throw error;
      if (!interactive || attempt >= INTERACTIVE_ATTEMPTS) {
        throw new CliError(`signing in as a user failed: ${error.message}`, {
          code: "AUTH_INVALID",
          cause: error,
        });
      }
      ctx.out.note(ctx.out.style.yellow(`${error.message}; try again.`));
    }
  }
}

/** After the gateway signed in: offers the user sign-in on a terminal, or says how to do it later. */
export async function offerUserSignIn(ctx: CliContext, gateway: GatewayClient): Promise<void> {
  const user = await gateway.user({ signal: ctx.signal });
  if (user.state === "signed-in") {
    ctx.out.line(`Already signed in as user ${describeSignedInUser(user)}.`);
    return;
  }
  const later =
    "To manage keys, agents and the team from this terminal, also sign in as a user: `multiclaw login --user`";
  if (!isInteractive(ctx)) {
    ctx.out.note(later);
    return;
  }
  const wanted = await confirm({
    ...promptOptions(ctx),
    message: "Also sign in as a user, to manage keys, agents and the team from this terminal?",
  });
  if (isCancel(wanted) || !wanted) {
    ctx.out.note(later);
    return;
  }
  await signInUser(ctx, gateway, {});
}

/** `multiclaw login --user` when a user is already signed in says so, as the device sign-in does. */
export function alreadySignedInAsUser(ctx: CliContext, user: SignedInUser): void {
  ctx.out.line(`Already signed in as user ${describeSignedInUser(user)}.`);
  ctx.out.note("To sign in as someone else, run `multiclaw logout --user` first.");
}
