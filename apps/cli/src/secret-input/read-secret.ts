import { isCancel, password } from "@clack/prompts";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { readAllInput } from "../prompts/prompters.ts";

/*
 * A secret (a provider key) comes from a hidden prompt on a terminal, else from standard input — never from the
 * command line, where `ps`, /proc and shell history would show it. Nothing here echoes it: the prompt masks it,
 * and validation messages say what is wrong without repeating the value.
 */

/** What checks a secret: a zod schema of the protocol, such as `PutProviderKeyRequest.shape.apiKey`. */
export interface SecretSchema {
  safeParse(value: string): { success: boolean; error?: { issues: readonly { message: string }[] } };
}

function firstProblem(schema: SecretSchema, value: string): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : (parsed.error?.issues[0]?.message ?? "not valid");
}

/** One line of piped standard input, trimmed; more than one non-empty line is refused (a file piped by mistake). */
export function secretFromPipedText(text: string, what: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const filled = lines.filter((line) => line !== "");
  const [secret] = filled;
  if (secret === undefined) {
    throw new CliError(
      `no ${what} on standard input; pipe it in, or run this in a terminal to be asked for it`,
      {
        code: "VALIDATION_FAILED",
      },
    );
  }
  if (filled.length > 1) {
    throw new CliError(`standard input holds ${filled.length} lines; give the ${what} alone, on one line`, {
      code: "VALIDATION_FAILED",
    });
  }
  return secret;
}

/**
 * Reads a secret: asked with a masked prompt when stdin is a terminal (checked against `schema` as it is typed),
 * else the one line piped to stdin. The result is checked against `schema` either way.
 *
 * @example const apiKey = await readSecret(ctx, { what: "openai key", schema: PutProviderKeyRequest.shape.apiKey });
 */
export async function readSecret(
  ctx: CliContext,
  options: { what: string; schema: SecretSchema },
): Promise<string> {
  let secret: string;
  if (ctx.stdin.isTTY === true) {
    const answer = await password({
      message: `Paste the ${options.what} (hidden)`,
      input: ctx.stdin as NodeJS.ReadStream,
      output: ctx.stderr as NodeJS.WriteStream,
      signal: ctx.signal,
      validate: (value) => firstProblem(options.schema, (value ?? "").trim()),
    });
    if (isCancel(answer)) throw new CliError("cancelled; nothing was changed");
    secret = answer.trim();
  } else {
    secret = secretFromPipedText(await readAllInput(ctx.stdin), options.what);
  }
  const problem = firstProblem(options.schema, secret);
  if (problem)
    throw new CliError(`the ${options.what} is not valid: ${problem}`, { code: "VALIDATION_FAILED" });
  return secret;
}
