/*
 * The web-fetch row is user-initiated: it may connect only to the page a running web.fetch call asked for, and
 * only while that call runs. A window is opened per fetch (per redirect hop) and closed in the tool's finally.
 */

import { targetKey } from "./target-key.ts";

/** Open windows, counted per `host:port` so two concurrent fetches of one host do not close each other's. */
export interface WebFetchWindows {
  /** Opens the window for this URL; the returned function closes it (idempotent). */
  open(url: URL): () => void;
  /** Whether a fetch of `host:port` is in progress. */
  isOpen(host: string, port: number): boolean;
}

export interface WebFetchWindowsOptions {
  /**
   * Called when the last window of `host:port` closes: the fetch is over, so what it left open (a kept-alive
   * connection) must go too.
   */
  onLastClosed?(host: string, port: number): void;
}

export function createWebFetchWindows(options: WebFetchWindowsOptions = {}): WebFetchWindows {
  const open = new Map<string, number>();
  return {
    open(url) {
      const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
      const key = targetKey(url.hostname, port);
      open.set(key, (open.get(key) ?? 0) + 1);
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) {
          open.set(key, left);
          return;
        }
        open.delete(key);
        options.onLastClosed?.(url.hostname, port);
      };
    },
    isOpen: (host, port) => open.has(targetKey(host, port)),
  };
}
