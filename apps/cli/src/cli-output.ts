import { colourStyle, plainStyle, type Style } from "./chat/render-run-event.ts";

/** A stream the CLI writes to: the process's stdout or stderr, or a test's PassThrough. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
/** Where the CLI reads piped answers and messages from. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

/**
 * How a command talks to the person: results on stdout, diagnostics (progress, warnings, errors) on stderr,
 * colour only when stdout is a terminal and `NO_COLOR` is unset (https://no-color.org).
 */
export interface CliOutput {
  /** Writes as is (no newline added): streamed replies need that. */
  write(text: string): void;
  /** Writes one line to stdout. */
  line(text?: string): void;
  /** Writes one line to stderr. */
  note(text: string): void;
  readonly stdout: OutputStream;
  readonly colour: boolean;
  readonly style: Style;
}

export function wantsColour(stdout: OutputStream, env: NodeJS.ProcessEnv): boolean {
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return stdout.isTTY === true && !noColour;
}

export function createCliOutput(
  stdout: OutputStream,
  stderr: OutputStream,
  env: NodeJS.ProcessEnv,
): CliOutput {
  const colour = wantsColour(stdout, env);
  return {
    write: (text) => void stdout.write(text),
    line: (text = "") => void stdout.write(`${text}\n`),
    note: (text) => void stderr.write(`${text}\n`),
    stdout,
    colour,
    style: colour ? colourStyle : plainStyle,
  };
}
