import { formatRelativeTime } from "./format-relative-time.ts";

/** "3 days ago", with the exact moment in the tooltip and for assistive technology's `datetime`. */
export function RelativeTime({ at, now = Date.now() }: { at: string; now?: number }) {
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toLocaleString()}>
      {formatRelativeTime(date.getTime(), now)}
    </time>
  );
}
