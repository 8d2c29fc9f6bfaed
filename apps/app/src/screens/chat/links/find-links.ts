/*
 * Finding the http(s) links in what a person or an agent wrote, the way a reader sees them: a link ends at
 * white space or at punctuation that closes the sentence around it, not inside it.
 */

/**
 * A run of URL characters after http:// or https://; `[`, `]`, `<`, `>`, quotes and backticks end one (Markdown
 * wraps links in them), except the brackets of an IPv6 host.
 */
const URL_CANDIDATE = /https?:\/\/(?:\[[0-9a-f:.]+\])?[^\s<>"'`[\]{}|\\^]*/gi;
/** Sentence punctuation that ends a link when it is its last character ("see https://a.io/x."). */
const TRAILING_PUNCTUATION = /[.,;:!?*_~]$/;
/** Fenced blocks and inline code: commands and examples, not links to read. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Drops closing punctuation that belongs to the sentence, keeping a ")" that closes one opened in the link. */
function trimLink(candidate: string): string {
  let link = candidate;
  for (;;) {
    if (TRAILING_PUNCTUATION.test(link)) link = link.slice(0, -1);
    else if (link.endsWith(")") && count(link, ")") > count(link, "(")) link = link.slice(0, -1);
    else return link;
  }
}

/**
 * The distinct http(s) links in `text`, in order of first appearance, at most `limit`; links inside Markdown
 * code are left out. Each is the URL as written, once it parses.
 *
 * @example
 * findLinks("Read https://example.com/docs, then [this](https://example.com/docs).", 3)
 * // ["https://example.com/docs"]
 */
export function findLinks(text: string, limit: number): string[] {
  const links: string[] = [];
  for (const [candidate] of text.replace(CODE, " ").matchAll(URL_CANDIDATE)) {
    const link = trimLink(candidate);
    if (!URL.canParse(link) || links.includes(link)) continue;
    const { hostname } = new URL(link);
    if (hostname === "") continue;
    links.push(link);
    if (links.length === limit) break;
  }
  return links;
}
