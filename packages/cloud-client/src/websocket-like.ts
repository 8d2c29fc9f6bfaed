/** The events of a WebSocket the event stream listens to, as the browser's WebSocket and `ws` deliver them. */
export interface WebSocketLikeEventMap {
  open: unknown;
  message: { data: unknown };
  close: { code: number; reason: string };
  error: unknown;
}

/**
 * The part of the WHATWG WebSocket the event stream uses. The browser's `WebSocket` has it, and so has the
 * `ws` package's, which the gateway constructs with the egress guard's agent.
 */
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
