import type { SearchSnippet } from "@multiclaw/protocol";

/** A run of a snippet's text, marked when it is part of the match. */
export interface SnippetSegment {
  text: string;
  marked: boolean;
}

/**
 * The snippet's text cut at its highlights, for drawing matches as `<mark>` without any HTML from the gateway.
 * Ranges are clamped to the text, sorted, and merged where they touch or overlap, so a sloppy range can
 * neither duplicate nor drop text: the segments always join back to the snippet's text.
 *
 * @example segmentsOf({ text: "a bc d", highlights: [{ start: 2, end: 4 }] })
 * // → [{ text: "a ", marked: false }, { text: "bc", marked: true }, { text: " d", marked: false }]
 */
export function segmentsOf(snippet: SearchSnippet): SnippetSegment[] {
  const { text } = snippet;
  const ranges = snippet.highlights
    .map(({ start, end }) => ({ start: clamp(start, text.length), end: clamp(end, text.length) }))
    .filter(({ start, end }) => end > start)
    .toSorted((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const segments: SnippetSegment[] = [];
  let at = 0;
  for (const { start, end } of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), marked: false });
    segments.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
}

function clamp(value: number, length: number): number {
  return Math.min(Math.max(0, Math.trunc(value)), length);
}
