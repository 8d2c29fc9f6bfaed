import { stripVTControlCharacters } from "node:util";

/*
 * A reply streams without a final newline, a tool line or a prompt answer ends with one. The chat's closing
 * lines must start on a line of their own either way, without a stray blank line, so the writer remembers
 * whether the last text it wrote ended a line. Colour codes are not text: a line that ends in a newline and
 * then a colour reset has still ended.
 */

export interface LineAwareWriter {
  /** Writes the text as is. */
  write(text: string): void;
  /** Writes each line on a line of its own, first ending the line in progress if there is one. */
  writeLines(lines: readonly string[]): void;
}

/**
 * @example
 * const out = lineAwareWriter((text) => process.stdout.write(text));
 * out.write("Hello there");
 * out.writeLines(["tokens: 12 in, 5 out (17 total)"]); // "\ntokens: …\n"
 */
export function lineAwareWriter(write: (text: string) => void): LineAwareWriter {
  let atLineStart = true;
  const writeText = (text: string) => {
    if (!text) return;
    write(text);
    const visible = stripVTControlCharacters(text);
    if (visible) atLineStart = visible.endsWith("\n");
  };
  return {
    write: writeText,
    writeLines(lines) {
      if (lines.length === 0) return;
      writeText(`${atLineStart ? "" : "\n"}${lines.join("\n")}\n`);
    },
  };
}
