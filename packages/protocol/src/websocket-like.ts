/*
 * The WebSocket both typed clients' streams run on (the Cloud's event stream, the gateway's run-event stream).
 * Not a wire type, but the one place both browser-safe clients can share it: each caller passes its own
 * socket, the browser's `WebSocket` or the `ws` package's (which the gateway builds with the egress guard).
 */

/** The events of a WebSocket the streams listen to, as the browser's WebSocket and `ws` deliver them. */
export interface WebSocketLikeEventMap {
  open: unknown;
  message: { data: unknown };
  close: { code: number; reason: string };
  error: unknown;
}

/** The part of the WHATWG WebSocket the streams use; the browser's `WebSocket` and the `ws` package's have it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof WebSocketLikeEventMap>(
    type: K,
    listener: (event: WebSocketLikeEventMap[K]) => void,
  ): void;
}

/** Opens a socket to `url`: `(url) => new WebSocket(url)` in a browser. */
export type OpenWebSocket = (url: string) => WebSocketLike;

/** WebSocket `readyState` values. */
export const socketStates = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
