import { lazy, Suspense, useEffect, useState } from "react";
import { useTranscriptScrolling } from "../hooks/transcript-scrolling.ts";
import { createIdleWorkQueue } from "../state/idle-work-queue.ts";
import { createWorkBudget } from "../state/work-budget.ts";
import { PlainMarkdown } from "./plain-markdown.tsx";
import { renderedMarkdown } from "./rendered-markdown.ts";
import { browserIdle, createRendererPreload } from "./renderer-preload.ts";

/*
 * The Markdown renderer (react-markdown, GFM and highlight.js with its languages) is the largest part of the
 * chat screen, so it is a chunk of its own, kept off the launch: the first message that needs it starts the
 * import, and otherwise the chat screen asks for it once it is interactive and the page is idle. Until it
 * arrives a message shows as plain text, which is what it says anyway.
 */
const renderer = createRendererPreload(
  () => import("./markdown-view.tsx"),
  browserIdle,
  (chunk) => chunk.warmUpMarkdown(),
);
const MarkdownView = lazy(() => renderer.load().then((module) => ({ default: module.MarkdownView })));

/** Fetches the Markdown renderer at the page's next idle moment: for the chat screen, once it is interactive. */
export const preloadMarkdownRenderer = renderer.preloadWhenIdle;

/** How long a row drawn during a scroll waits at most for an idle moment to render its Markdown. */
const RENDER_WAIT_MS = 300;

/* Parsing that waits for an idle moment, a message at a time, the rows that came into view last first. */
const idleRendering = createIdleWorkQueue(
  (run) => browserIdle(run, RENDER_WAIT_MS),
  () => performance.now(),
);

/* Parsing done at once, while drawing, at most 4 ms in any 50 ms: the rest waits for an idle moment. */
const drawingBudget = createWorkBudget({ now: () => performance.now(), windowMs: 50, budgetMs: 4 });

/**
 * A message's Markdown, drawn as plain text for the moment the renderer is still loading. `partId` names the
 * stored message part it renders (`<message id>:<index>`): its rendering is kept, so the part draws at once
 * when it comes into view again. One that comes into view for the first time while the transcript scrolls, or
 * beyond the drawing budget (a long conversation opening), is drawn as plain text and parsed when the page is
 * idle — neither a fling nor an open waits for parsing. Streamed text (no `partId`) is always drawn at once.
 */
export function Markdown({ text, partId }: { text: string; partId?: string }) {
  const scrolling = useTranscriptScrolling();
  const [waitsForIdle, setWaitsForIdle] = useState(() => {
    const chunk = renderer.loaded();
    if (partId === undefined || chunk === null || renderedMarkdown.has({ key: partId, text })) return false;
    return scrolling || !drawingBudget.spend(() => chunk.prerenderMarkdown({ key: partId, text }));
  });
  useEffect(() => {
    if (!waitsForIdle) return;
    return idleRendering.add(() => {
      renderer.loaded()?.prerenderMarkdown({ key: partId, text });
      setWaitsForIdle(false);
    });
  }, [waitsForIdle, partId, text]);

  const plain = <PlainMarkdown text={text} />;
  if (waitsForIdle) return plain;
  return (
    <Suspense fallback={plain}>
      <MarkdownView text={text} partId={partId} />
    </Suspense>
  );
}
