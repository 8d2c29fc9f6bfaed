import { memo, type ReactElement } from "react";
import renderMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { createLruCache } from "../state/lru-cache.ts";
import { CodeBlock } from "./code-block.tsx";
import "./code-theme.css";
import "./markdown-body.css";

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
const rehypePlugins = [[rehypeHighlight, { detect: false, ignoreMissing: true }] as const];

/*
 * Parsing is the cost of a message: a virtualised row that scrolls out and back in would parse again. The
 * rendered elements are immutable, so recently drawn texts keep theirs and a returning row costs nothing.
 */
const RENDERED_CAPACITY = 600;
const rendered = createLruCache<string, ReactElement>(RENDERED_CAPACITY);

function renderedMarkdown(text: string): ReactElement {
  const cached = rendered.get(text);
  if (cached) return cached;
  const element = renderMarkdown({
    children: text,
    remarkPlugins,
    rehypePlugins: rehypePlugins as never,
    components,
  });
  rendered.set(text, element);
  return element;
}

/** Markdown as the transcript shows it; memoised by its text, so an unchanged block is not parsed again. */
export const MarkdownView = memo(function MarkdownView({ text }: { text: string }) {
  return <div className="markdown-body">{renderedMarkdown(text)}</div>;
});
