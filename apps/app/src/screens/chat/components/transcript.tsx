import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown } from "lucide-react";
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { TranscriptRowView } from "./transcript-row.tsx";

/** Within this distance of the end, the reader is following the answer and the view keeps to the bottom. */
const FOLLOW_THRESHOLD_PX = 100;

/**
 * The conversation, virtualised: only rows near the view are in the page, each measured as drawn, so a
 * 2,000-message history scrolls like a short one. While the reader is at the end, new rows and growing answers
 * keep it there; once they scroll up it stays put and "Jump to latest" brings them back.
 */
export function Transcript({ busy }: { busy: boolean }) {
  const session = useSession();
  const rows = useSessionSlice(session, (s) => s.transcript.rows);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
  });
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
