import { closeSync, openSync, readSync, statSync } from "node:fs";

/*
 * What a failed process said, in its own words: the error lines of its log, for the CLI to print when the
 * gateway or the Cloud it started does not come up or dies. A log holds pino JSON lines (level 50 and up are
 * errors) and, when a process dies of an uncaught error, Node's dump of it: the offending source line (one long
 * line of the minified bundle), `Error: <message>`, the stack, `Node.js vNN`. The Cloud's main prints the
 * message alone. Only the part written since `fromOffset` is read, so an old run's error is never shown.
 */

/** The log's current size: the offset a new run's lines start at. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** No more of a log than this is read; a failing start writes a few kilobytes. */
const MAX_READ_BYTES = 256 * 1024;
/** Longer lines are source dumps, not messages. */
const MAX_LINE_LENGTH = 400;

function readFrom(file: string, fromOffset: number): string {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return "";
  }
  try {
    const size = statSync(file).size;
    const start = Math.max(fromOffset, size - MAX_READ_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** A pino line of level error or fatal, as `message: error message`. */
function pinoError(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; err?: { message?: unknown } };
    if (typeof entry.level !== "number" || entry.level < 50) return undefined;
    const message = typeof entry.msg === "string" ? entry.msg : "error";
    const cause = typeof entry.err?.message === "string" ? entry.err.message : undefined;
    return cause && cause !== message ? `${message}: ${cause}` : message;
  } catch {
    return undefined;
  }
}

/** Node's headline of an uncaught error: `Error: …`, `TypeError [ERR_X]: …` at the start of a line. */
const ERROR_HEADLINE = /^(?:[A-Z]\w*)?Error(?: \[[\w-]+\])?: (.+)$/;

/** Lines that carry no message: stack frames, the dump's closing lines, blank ones. */
function isNoise(line: string): boolean {
  return (
    line.trim() === "" ||
    /^\s+at /.test(line) ||
    /^\s*[{}[\]]/.test(line) ||
    /^\s+\w+: /.test(line) ||
    /^Node\.js v\d/.test(line) ||
    /^\s*\^+\s*$/.test(line) ||
    line.length > MAX_LINE_LENGTH
  );
}

/**
 * The last error line(s) the process wrote to `file` since `fromOffset`: its logged errors and uncaught-error
 * headlines; when it wrote none, its last line that is neither JSON nor part of a stack (a process that
 * failed to start says why last; one that was killed later may have written nothing about it, so the
 * supervisor asks for errors only).
 */
export function errorLinesOf(
  file: string,
  fromOffset: number,
  options: { max?: number; lastLineWhenNoError?: boolean } = {},
): string[] {
  const max = options.max ?? 2;
  const lines = readFrom(file, fromOffset).split("\n");
  const errors: string[] = [];
  for (const line of lines) {
    const logged = pinoError(line);
    if (logged !== undefined) errors.push(logged);
    const headline = ERROR_HEADLINE.exec(line.trimEnd());
    if (headline?.[1] && line.length <= MAX_LINE_LENGTH) errors.push(headline[1]);
  }
  if (errors.length > 0) return [...new Set(errors)].slice(-max);
  if (options.lastLineWhenNoError === false) return [];
  const last = lines.filter((line) => !line.startsWith("{") && !isNoise(line)).at(-1);
  return last === undefined ? [] : [last.trim()];
}
