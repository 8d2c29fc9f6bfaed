/** Rows the transcript draws beyond the view on each side, so a slow scroll finds them ready. */
export const ROWS_BEYOND_VIEW = 4;

/**
 * How many rows beyond the view to draw: none while a conversation's first screen is drawn, so opening it
 * renders and measures only the rows the reader sees in that frame; the rest follow at the next frame, in a
 * task of their own.
 *
 * @example rowsBeyondView(false) // 0: the first screen only
 */
export function rowsBeyondView(firstScreenDrawn: boolean): number {
  return firstScreenDrawn ? ROWS_BEYOND_VIEW : 0;
}
