import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";

/**
 * Where one subscribed run stands for one connection. `lastSent` is the newest seq sent. While `filling`, the
 * connection is reading the run's stored events and a live event only raises `target` (the newest seq known
 * to exist); the fill loop sends it from the store, so none is lost or sent twice.
 */
export interface RunCursor {
  lastSent: number;
  filling: boolean;
  target: number;
  /**
   * Made by the subscription to every run, not asked for by name: forgotten once the run has ended, or a
   * connection that lives for days keeps one for every run it ever saw. A run subscribed by name keeps its
   * cursor, so subscribing to it again sends nothing twice.
   */
  viaAll: boolean;
}

/**
 * - `awaiting-hello`: open, no hello yet (nothing is sent to it).
 * - `open`: authenticated; receives the runs it subscribed to.
 * - `closing`: close sent; nothing more is sent.
 */
export type StreamConnectionState = "awaiting-hello" | "open" | "closing";

/** One run-event connection. */
export class StreamConnection {
  state: StreamConnectionState = "awaiting-hello";
  /** Subscribed to every run's live events. */
  all = false;
  /** Receives task events (its hello asked for `workspace`): of the workspace it named, else the signed-in one. */
  workspace = false;
  readonly cursors = new Map<string, RunCursor>();
  helloTimer: NodeJS.Timeout | null = null;
  terminateTimer: NodeJS.Timeout | null = null;

  private coalescing = false;

  /**
   * `transport` is the socket the WebSocket was upgraded from; `appSession` the App's session its upgrade
   * request carried, which lets its hello come without a token.
   */
  constructor(
    readonly socket: WebSocket,
    private readonly transport: Duplex,
    readonly appSession: string | null = null,
  ) {}

  /**
   * Sends one frame. Frames sent in the same turn of the event loop leave in one write: a run's start and end
   * each publish a few events at once, and on loopback every write costs a system call and a wake-up of the
   * reader. The cork is lifted before the loop next waits for I/O, so no frame waits for anything else.
   */
  send(frame: string): void {
    if (!this.coalescing) {
      this.coalescing = true;
      this.transport.cork();
      setImmediate(() => {
        this.coalescing = false;
        this.transport.uncork();
      });
    }
    this.socket.send(frame);
  }

  clearTimers(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.terminateTimer) clearTimeout(this.terminateTimer);
    this.helloTimer = null;
    this.terminateTimer = null;
  }
}
