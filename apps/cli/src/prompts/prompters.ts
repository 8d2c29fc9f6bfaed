import { createInterface as createLineReader } from "node:readline";
import { createInterface } from "node:readline/promises";
import type { Prompter } from "../chat/chat-session.ts";
import { CliError } from "../cli-error.ts";
import type { InputStream, OutputStream } from "../cli-output.ts";

/*
 * Where `multiclaw chat` gets its answers. On a terminal, readline asks each question (with line editing, and
 * Ctrl-C stopping the chat rather than the question). Piped, the answers are the lines of stdin in order, so a
 * script (or a test) can approve a plan with `printf 'y\ny\n' | multiclaw chat …`.
 */

export interface ClosablePrompter {
  ask: Prompter;
  close(): void;
}

/**
 * Asks on a terminal. Each question gets its own readline interface, closed after the answer, so the terminal
 * is in its normal mode (and Ctrl-C is a plain SIGINT) while the reply streams.
 */
export function terminalPrompter(options: {
  input: InputStream;
  output: OutputStream;
  signal: AbortSignal;
  onInterrupt: () => void;
}): ClosablePrompter {
  return {
    async ask(question) {
      const reader = createInterface({ input: options.input, output: options.output, terminal: true });
      reader.on("SIGINT", options.onInterrupt);
      try {
        return await reader.question(question, { signal: options.signal });
      } finally {
        reader.close();
      }
    },
    close: () => undefined,
  };
}

/** Reads answers line by line from piped stdin, echoing each after its question so the transcript reads well. */
export function pipedPrompter(options: {
  input: InputStream;
  write: (text: string) => void;
  signal: AbortSignal;
}): ClosablePrompter {
  let reader: ReturnType<typeof createLineReader> | undefined;
  let lines: AsyncIterator<string> | undefined;
  return {
    async ask(question) {
      options.write(question);
      if (!lines) {
        reader = createLineReader({
          input: options.input,
          crlfDelay: Number.POSITIVE_INFINITY,
          terminal: false,
        });
        lines = reader[Symbol.asyncIterator]();
      }
      let stop: () => void = () => undefined;
      const aborted = new Promise<never>((_, reject) => {
        stop = () => reject(new CliError("interrupted"));
      });
      if (options.signal.aborted) stop();
      options.signal.addEventListener("abort", stop, { once: true });
      let next: IteratorResult<string>;
      try {
        next = await Promise.race([lines.next(), aborted]);
      } finally {
        options.signal.removeEventListener("abort", stop);
      }
      if (next.done) {
        options.write("\n");
        throw new CliError(
          "stdin ended before this question was answered; the run waits for a decision (give it in the app, " +
            "or pipe one answer per question)",
          { code: "VALIDATION_FAILED" },
        );
      }
      options.write(`${next.value}\n`);
      return next.value;
    },
    close() {
      reader?.close();
    },
  };
}

/** Everything on stdin, for a message piped in (`cat notes.md | multiclaw chat writer`). */
export async function readAllInput(input: InputStream): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  return chunks.join("");
}

/** One line typed on the terminal (the message, when none was given as arguments). */
export async function askLine(options: {
  input: InputStream;
  output: OutputStream;
  question: string;
  signal: AbortSignal;
  onInterrupt: () => void;
}): Promise<string> {
  const reader = createInterface({ input: options.input, output: options.output, terminal: true });
  reader.on("SIGINT", options.onInterrupt);
  try {
    return await reader.question(options.question, { signal: options.signal });
  } finally {
    reader.close();
  }
}
