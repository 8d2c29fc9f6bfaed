import type { SearchSnippet } from "@multiclaw/protocol";
import { segmentsOf } from "./highlight-segments.ts";

/** A search snippet as text, its matching words in `<mark>`: drawn from ranges, never from markup. */
export function SnippetText({ snippet, className }: { snippet: SearchSnippet; className?: string }) {
  let offset = 0;
  return (
    <span className={className}>
      {segmentsOf(snippet).map((segment) => {
        const key = offset;
        offset += segment.text.length;
        return segment.marked ? (
          <mark key={key} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-700/60">
            {segment.text}
          </mark>
        ) : (
          <span key={key}>{segment.text}</span>
        );
      })}
    </span>
  );
}
