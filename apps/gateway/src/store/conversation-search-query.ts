import type { SearchSnippet } from "@multiclaw/protocol";

/*
 * Between a person's search words and SQLite's FTS5: the query is never handed over as FTS5 syntax (a stray
 * quote, `OR`, `NEAR(` or `*` would be an error or an operator), and the snippet comes back as plain text with
 * ranges rather than markup.
 */

/** What `snippet()` puts around a matched token; the index holds neither (0003-conversation-search.ts). */
export const MATCH_OPEN = "\u0002";
export const MATCH_CLOSE = "\u0003";

/**
 * The FTS5 query for the words of `text`: each word quoted and matched as a prefix, all required.
 * Null when the text has no word (only punctuation or spaces), which matches nothing.
 *
 * @example ftsQueryOf('deploy "prod" OR') // → '"deploy"* "prod"* "OR"*'
 */
export function ftsQueryOf(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length === 0 ? null : words.map((word) => `"${word}"*`).join(" ");
}

/** A snippet marked with MATCH_OPEN/MATCH_CLOSE, as the text without them and the ranges they enclosed. */
export function snippetOf(marked: string): SearchSnippet {
  let text = "";
  let openedAt: number | null = null;
  const highlights: SearchSnippet["highlights"] = [];
  for (const character of marked) {
    if (character === MATCH_OPEN) openedAt = text.length;
    else if (character === MATCH_CLOSE) {
      if (openedAt !== null && openedAt < text.length) highlights.push({ start: openedAt, end: text.length });
      openedAt = null;
    } else text += character;
  }
  return { text, highlights };
}
