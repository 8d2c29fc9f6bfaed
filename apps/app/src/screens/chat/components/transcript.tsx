import { measureElement, useVirtualizer, type VirtualItem, type Virtualizer } from "@tanstack/react-virtual";
import { ArrowDown } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useTransition } from "react";
import { useSession } from "../hooks/session-context.ts";
import { TranscriptScrollingContext } from "../hooks/transcript-scrolling.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { estimateRowHeight } from "../state/row-height-estimate.ts";
import { rowsBeyondView } from "../state/rows-beyond-view.ts";
import type { TranscriptRow } from "../state/transcript-state.ts";
import { TranscriptRowView } from "./transcript-row.tsx";

const noRows: readonly TranscriptRow[] = [];

/** Within this distance of the end, the reader is following the answer and the view keeps to the bottom. */
const FOLLOW_THRESHOLD_PX = 100;

/*
 * Every row's height once measured, by its key (a message id and the like), across conversations: a
 * conversation opened again places the rows it has not drawn yet where they were, instead of where an estimate
 * put them, so scrolling up does not move the view as they are measured again.
 */
const measuredHeights = new Map<string, number>();
/** Beyond this many rows remembered, the memory starts again (a number each: about a megabyte). */
const MEASURED_HEIGHTS_KEPT = 20_000;

/**
 * Keeps the rows in view still when a row above them changes height (measured for the first time, or its
 * Markdown drawn after plain text), in either direction of scrolling; a row that spans the top edge moves
 * only when it is measured for the first time (TanStack Virtual's own rule, kept).
 */
function adjustForRowAbove(
  item: VirtualItem,
  _delta: number,
  instance: Virtualizer<HTMLDivElement, Element>,
) {
  const offset = instance.scrollOffset ?? 0;
  return instance.itemSizeCache.has(item.key) ? item.end <= offset : item.start < offset;
}

/**
 * The conversation, virtualised: only rows near the view are in the page, each measured as drawn, so a
 * 2,000-message history scrolls like a short one. While the reader is at the end, new rows and growing answers
 * keep it there; once they scroll up it stays put and "Jump to latest" brings them back.
 */
export function Transcript({ busy }: { busy: boolean }) {
  const session = useSession();
  const liveRows = useSessionSlice(session, (s) => s.transcript.rows);
  // A conversation's history arrives at once: drawn in a transition, React renders it in slices of a few
  // milliseconds with the page free between them, where the store's own update would draw it in one task.
  // Every later change (a token, a new row) is drawn at once.
  const [historyShown, setHistoryShown] = useState(false);
  const [, startShowingHistory] = useTransition();
  const hasLiveRows = liveRows.length > 0;
  useEffect(() => {
    if (hasLiveRows && !historyShown) startShowingHistory(() => setHistoryShown(true));
  }, [hasLiveRows, historyShown]);
  const rows = historyShown ? liveRows : noRows;
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);
  // The first screen of a conversation is drawn alone; the rows beyond it come at the next frame.
  const [firstScreenDrawn, setFirstScreenDrawn] = useState(false);
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (!hasRows || firstScreenDrawn) return;
    const frame = requestAnimationFrame(() => setFirstScreenDrawn(true));
    return () => cancelAnimationFrame(frame);
  }, [hasRows, firstScreenDrawn]);

  const estimateSize = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return 0;
      const transcript = session?.getSnapshot().transcript;
      return measuredHeights.get(row.key) ?? (transcript ? estimateRowHeight(row, transcript) : 96);
    },
    [rows, session],
  );
  // Stable while the rows are: a new one would make the virtualiser lay out every row again on each render.
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    overscan: rowsBeyondView(firstScreenDrawn),
    measureElement: (element, entry, instance) => {
      const size = measureElement(element, entry, instance);
      const key = rows[instance.indexFromElement(element)]?.key;
      if (key !== undefined && size > 0) {
        if (measuredHeights.size >= MEASURED_HEIGHTS_KEPT) measuredHeights.clear();
        measuredHeights.set(key, size);
      }
      return size;
    },
  });
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = adjustForRowAbove;
  // A conversation opens at its latest message: its rows are laid out from the end at once, rather than the
  // first screen of the history drawn, measured and dropped before the scroll to the end.
  const laidOut = useRef(false);
  if (!laidOut.current && rows.length > 0) {
    laidOut.current = true;
    if (following.current) virtualizer.scrollOffset = Number.MAX_SAFE_INTEGER;
  }
  const totalSize = virtualizer.getTotalSize();

  const toEnd = useCallback(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);

  // Runs after every change of size or row count: the answer grew, a row was measured, a row arrived.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the total size is the trigger, not an input
  useLayoutEffect(() => {
    if (following.current && rows.length > 0) toEnd();
  }, [rows.length, totalSize, toEnd]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    following.current = distance <= FOLLOW_THRESHOLD_PX;
    setShowJump(!following.current);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        aria-busy={busy}
        // The log scrolls by keyboard even before it holds a button (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
        tabIndex={0}
        className="h-full overflow-y-auto [overflow-anchor:none]"
      >
        <TranscriptScrollingContext value={virtualizer.isScrolling}>
          <div className="relative mx-auto w-full max-w-3xl" style={{ height: totalSize }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute top-0 left-0 w-full px-4 py-2 sm:px-6"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <TranscriptRowView row={row} />
                </div>
              );
            })}
          </div>
        </TranscriptScrollingContext>
      </div>
      {showJump ? (
        <button
          type="button"
          onClick={() => {
            following.current = true;
            setShowJump(false);
            virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
            requestAnimationFrame(toEnd);
          }}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1 rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm shadow-md hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          <ArrowDown aria-hidden className="size-4" /> Jump to latest
        </button>
      ) : null}
    </div>
  );
}
