import type { ErrorCode } from "@multiclaw/protocol";

/**
 * A failure the CLI explains to the person in one line: `code: message` when it has a stable code, the message
 * alone otherwise. Never printed with a stack (unless MULTICLAW_DEBUG=1).
 */
export class CliError extends Error {
  readonly code: ErrorCode | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { code?: ErrorCode; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "CliError";
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The exit code of a command the user stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

export function gatewayNotRunning(apiOrigin: string): CliError {
  return new CliError(
    `the gateway is not running (nothing answers at ${apiOrigin}); start it with \`multiclaw gateway start\``,
  );
}
