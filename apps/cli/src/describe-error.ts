import { isCloudError } from "@multiclaw/cloud-client";
import { isGatewayApiError } from "@multiclaw/gateway-client";
import { CliError, gatewayNotRunning } from "./cli-error.ts";

/*
 * The one place an error becomes the text a person reads: every command's failure ends here (runCli), so the
 * wording of "the gateway is not running" or of a refused field is the same everywhere.
 */

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && cause.name === "TimeoutError";
}

/** Turns what the gateway client throws into what the CLI says; other errors pass through. */
export function explainError(error: unknown, apiOrigin: string | undefined): unknown {
  if (!isGatewayApiError(error) || error.code !== "UNAVAILABLE" || error.status !== null) return error;
  // No answer at all: nothing listens, or something listens and hangs.
  if (isTimeout(error.cause)) {
    return new CliError(`the gateway at ${apiOrigin ?? "its address"} did not answer in time`, {
      code: "UNAVAILABLE",
      cause: error,
    });
  }
  return apiOrigin ? gatewayNotRunning(apiOrigin) : error;
}

/** The lines to print on stderr for a failure: `code: message`, the refused fields, and a stack only in debug. */
export function describeError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof CliError) {
    lines.push(error.code ? `${error.code}: ${error.message}` : error.message);
  } else if (isGatewayApiError(error) || isCloudError(error)) {
    lines.push(`${error.code}: ${error.message}`);
    for (const problem of error.fieldProblems ?? []) {
      if (!error.message.includes(problem.path)) lines.push(`  ${problem.path}: ${problem.message}`);
    }
  } else if (error instanceof Error) {
    lines.push(`error: ${error.message}`);
  } else {
    lines.push(`error: ${String(error)}`);
  }
  if (debug) {
    let current: unknown = error;
    while (current instanceof Error) {
      lines.push(current.stack ?? String(current));
      current = current.cause;
      if (current !== undefined) lines.push("caused by:");
    }
  }
  return lines.join("\n");
}
