import { lazy, Suspense } from "react";

/*
 * The Markdown renderer (react-markdown, GFM and highlight.js with its languages) is the largest part of the
 * chat screen, so it loads as its own chunk after the first paint: until it arrives a message shows as plain
 * text, which is what it says anyway. The import starts as soon as this module loads, not when the first
 * message needs it.
 */
const loadMarkdownView = () =>
  import("./markdown-view.tsx").then((module) => ({ default: module.MarkdownView }));
const MarkdownView = lazy(loadMarkdownView);
void loadMarkdownView();

/** A message's Markdown, drawn as plain text for the moment the renderer is still loading. */
export function Markdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<p className="leading-relaxed whitespace-pre-wrap break-words">{text}</p>}>
      <MarkdownView text={text} />
    </Suspense>
  );
}
