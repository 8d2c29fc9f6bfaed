/*
 * Rows the gateway opens only for the moment a feature asks it to: a link preview or a favicon is fetched when
 * the App shows a chat message that needs one (conditions `message-has-url`, `tool-call-with-url-shown`), and
 * the row may connect only while such a fetch runs. A window is opened per fetch and closed in its finally; when
 * the last one of a row closes, what the fetches left open (a kept-alive connection) is cut, so the next fetch
 * connects anew and asks the guard again.
 */

export interface RowWindows {
  /** Opens a window for `rowId`; the returned function closes it (idempotent). */
  open(rowId: string): () => void;
  isOpen(rowId: string): boolean;
}

export interface RowWindowsOptions {
  /** Called when the last open window of a row closes. */
  onLastClosed?(rowId: string): void;
}

export function createRowWindows(options: RowWindowsOptions = {}): RowWindows {
  const open = new Map<string, number>();
  return {
    open(rowId) {
      open.set(rowId, (open.get(rowId) ?? 0) + 1);
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        const left = (open.get(rowId) ?? 1) - 1;
        if (left > 0) {
          open.set(rowId, left);
          return;
        }
        open.delete(rowId);
        options.onLastClosed?.(rowId);
      };
    },
    isOpen: (rowId) => open.has(rowId),
  };
}
