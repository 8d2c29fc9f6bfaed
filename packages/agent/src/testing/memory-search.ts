import type { Conversation, Message, SearchSnippet } from "@multiclaw/protocol";

/*
 * The memory store's stand-in for the gateway's full-text index: the same rules (every query word must start
 * a word of the text; case and accents ignored), on a plain scan. Snippets are rougher than SQLite's, which is
 * fine for tests of the engine and the API: the contract checks what matches and that the match is marked.
 */

const SNIPPET_WORDS = 12;

interface Word {
  folded: string;
  start: number;
  end: number;
}

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    folded: fold(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The query's words, folded; an empty list when it has none (only punctuation). */
export function queryWords(query: string): string[] {
  return wordsOf(query).map((word) => word.folded);
}

/** A snippet of `text` with every word that a query word starts marked, or null when some query word is absent. */
export function matchText(text: string, query: readonly string[]): SearchSnippet | null {
  const words = wordsOf(text);
  const hits = words.filter((word) => query.some((wanted) => word.folded.startsWith(wanted)));
  if (query.length === 0 || !query.every((wanted) => hits.some((hit) => hit.folded.startsWith(wanted)))) {
    return null;
  }
  const firstHit = words.indexOf(hits[0] as Word);
  const from = Math.max(0, firstHit - Math.floor(SNIPPET_WORDS / 2));
  const shown = words.slice(from, from + SNIPPET_WORDS);
  const start = shown[0]?.start ?? 0;
  const end = shown.at(-1)?.end ?? text.length;
  const before = start > 0 ? "…" : "";
  const after = end < text.length ? "…" : "";
  const highlights = shown
    .filter((word) => hits.includes(word))
    .map((word) => ({ start: before.length + word.start - start, end: before.length + word.end - start }));
  return { text: `${before}${text.slice(start, end)}${after}`, highlights };
}

/** The text a message is searched by: its text parts, one per line (tool calls and results are not). */
export function searchableText(message: Message): string {
  return message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

/** The conversation's best match: its first matching message, else its title. */
export function matchConversation(
  conversation: Conversation,
  messages: readonly Message[],
  query: readonly string[],
): { messageId: string | null; snippet: SearchSnippet } | null {
  for (const message of messages) {
    const snippet = matchText(searchableText(message), query);
    if (snippet) return { messageId: message.id, snippet };
  }
  const snippet = matchText(conversation.title, query);
  return snippet ? { messageId: null, snippet } : null;
}
