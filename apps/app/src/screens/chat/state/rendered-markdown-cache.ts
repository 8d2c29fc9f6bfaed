import { createLruCache } from "./lru-cache.ts";

/**
 * Rendered Markdown kept by what it renders: a stored message's part by its message id and place (a row that
 * scrolls out of a long conversation and back is not parsed again), a streamed block by its text. An entry is
 * used only while its text is the same, so an edited or regrown text is parsed anew.
 *
 * @example
 * const cache = createRenderedMarkdownCache<string>(10);
 * cache.set({ key: "msg_1:0", text: "**hi**" }, "<strong>hi</strong>");
 * cache.get({ key: "msg_1:0", text: "**hi**" }); // "<strong>hi</strong>"
 */
export interface RenderedMarkdownCache<V> {
  get(source: MarkdownSource): V | undefined;
  has(source: MarkdownSource): boolean;
  set(source: MarkdownSource, rendered: V): void;
}

export interface MarkdownSource {
  /** What the text belongs to (`<message id>:<part index>`); the text itself when it belongs to nothing yet. */
  key?: string | undefined;
  text: string;
}

export function createRenderedMarkdownCache<V>(capacity: number): RenderedMarkdownCache<V> {
  const entries = createLruCache<string, { text: string; rendered: V }>(capacity);
  const keyOf = (source: MarkdownSource) =>
    source.key === undefined ? `text:${source.text}` : `id:${source.key}`;
  const find = (source: MarkdownSource) => {
    const entry = entries.get(keyOf(source));
    return entry?.text === source.text ? entry : undefined;
  };
  return {
    get: (source) => find(source)?.rendered,
    has: (source) => find(source) !== undefined,
    set: (source, rendered) => entries.set(keyOf(source), { text: source.text, rendered }),
  };
}
