import { memo, type ReactElement } from "react";
import renderMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import type { MarkdownSource } from "../state/rendered-markdown-cache.ts";
import { CodeBlock } from "./code-block.tsx";
import "./code-theme.css";
import "./markdown-body.css";
import { renderedMarkdown } from "./rendered-markdown.ts";

/*
 * Model output is untrusted: react-markdown renders no raw HTML and drops javascript: URLs; links open in a
 * new tab without a referrer or an opener; a remote image is shown as a link, so nothing loads from another
 * origin (the page's CSP would refuse it anyway, with a broken image).
 */
const components: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a
      {...rest}
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      className="text-indigo-700 underline dark:text-indigo-300"
    >
      {children}
    </a>
  ),
  img: ({ src, alt }) => (
    <a
      href={typeof src === "string" ? src : undefined}
      target="_blank"
      rel="noreferrer noopener"
      className="text-indigo-700 underline dark:text-indigo-300"
    >
      {alt ? `Image: ${alt}` : "Image"}
    </a>
  ),
  pre: ({ node: _node, children }) => <CodeBlock>{children}</CodeBlock>,
  table: ({ node: _node, children }) => (
    <div className="overflow-x-auto">
      <table>{children}</table>
    </div>
  ),
};

const remarkPlugins = [remarkGfm];
// Languages are guessed only when named: guessing on every streamed token costs more than it shows.
// react-markdown builds its processor anew for every text, and rehype-highlight builds a highlighter with all
// its languages (each grammar compiled again on first use) whenever it is attached: it is attached once here,
// and every text reuses that highlighter.
const highlight = rehypeHighlight({ detect: false });
const rehypePlugins = [() => highlight];

/** The source's rendering, parsed once: kept by message part (or by text) in rendered-markdown.ts. */
function render(source: MarkdownSource): ReactElement {
  const cached = renderedMarkdown.get(source);
  if (cached) return cached;
  const element = renderMarkdown({
    children: source.text,
    remarkPlugins,
    rehypePlugins: rehypePlugins as never,
    components,
  });
  renderedMarkdown.set(source, element);
  return element;
}

/*
 * What the first parse of a page compiles (the parser's and the highlighter's code, a grammar) costs more than
 * any later one: paid at an idle moment after the renderer loads, it is not paid while a conversation opens.
 */
const WARM_UP_TEXT =
  "**Bold**, `code`, [a link](https://example.com)\n\n- a list\n\n```ts\nconst a: number = 1;\n```";

/** Parses a sample once, kept out of the cache: for the first real message to find everything compiled. */
export function warmUpMarkdown(): void {
  renderMarkdown({
    children: WARM_UP_TEXT,
    remarkPlugins,
    rehypePlugins: rehypePlugins as never,
    components,
  });
}

/** Renders a source into the cache ahead of its drawing, for a row that drew plain text meanwhile. */
export function prerenderMarkdown(source: MarkdownSource): void {
  render(source);
}

/**
 * Markdown as the transcript shows it; memoised by its text and the message part it renders (`partId`), so an
 * unchanged block is not parsed again, nor a stored message scrolled back into view.
 */
export const MarkdownView = memo(function MarkdownView({ text, partId }: { text: string; partId?: string }) {
  return <div className="markdown-body">{render({ key: partId, text })}</div>;
});
