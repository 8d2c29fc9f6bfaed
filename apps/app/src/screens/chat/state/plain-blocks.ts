import { splitMarkdownBlocks } from "./markdown-blocks.ts";

/** A code block's `language` is the first word of its fence's info string ("" when it names none). */
export type PlainBlock = { kind: "text"; text: string } | { kind: "code"; code: string; language: string };

/**
 * Markdown's blocks as plain text, for the moment before it is rendered: paragraphs as written and fenced code
 * without its fences, so the stand-in takes about the room the rendering will and the row hardly moves when it
 * is swapped in.
 *
 * @example plainBlocks("Here:\n\n```ts\nlet a = 1;\n```") // [{ kind: "text", text: "Here:" }, { kind: "code", code: "let a = 1;", language: "ts" }]
 */
export function plainBlocks(markdown: string): PlainBlock[] {
  return splitMarkdownBlocks(markdown).map((block) => {
    const fenced = /^\s{0,3}(`{3,}|~{3,})([^\n]*)\n?([\s\S]*?)(?:\n\s{0,3}\1[`~]*\s*)?$/.exec(block);
    if (!fenced) return { kind: "text", text: block };
    const language = fenced[2]?.trim().split(/\s+/)[0] ?? "";
    return { kind: "code", code: fenced[3] ?? "", language };
  });
}
