import {
  type ErrorCode,
  type EventFrame,
  type HelloFrame,
  type OpenWebSocket,
  PROTOCOL_VERSION,
  type ResyncFrame,
  ServerFrame,
  socketStates,
  type WebSocketLike,
  type WelcomeFrame,
} from "@multiclaw/protocol";
import { knownCodeIn } from "./cloud-error.ts";
import { classifyStreamClose, type StreamEnd } from "./stream-close.ts";
import { systemTimers, type Timers } from "./timers.ts";

export interface EventConnectionOptions {
  /** The event stream's URL, e.g. `wss://ws.multiclaw.io/v1/events`. */
  url: string;
  openSocket: OpenWebSocket;
  /** An access token; sent in the `hello` frame, never in the URL. */
  token: string;
  workspaceId: string;
  /** The last event number already processed; omit on the very first connection to start from now. */
  lastSeq?: number;
  onWelcome?(frame: WelcomeFrame): void;
  /** Each event once, in order. */
  onEvent(frame: EventFrame): void;
  /** Events were skipped (the client was further behind than the Cloud keeps): fetch fresh state. */
  onResync?(frame: ResyncFrame): void;
  timers?: Timers;
  /** From opening the socket to `welcome`; 15 s by default. */
  handshakeTimeoutMs?: number;
  /** The link counts as dead after this many ping intervals without any frame; 2 by default. */
  livenessIntervals?: number;
}

/** One connection of the event stream, from `hello` until it ends. Reconnecting is the caller's decision. */
export interface EventConnection {
  /** Resolves once, when the connection has ended, with what to do next. */
  readonly ended: Promise<StreamEnd>;
  /** The newest event number processed (or the welcome's, when nothing has arrived since). */
  lastSeq(): number | undefined;
  /** Ends the connection from this side. */
  close(reason?: string): void;
}

/** WebSocket close code of a connection lost without a close frame. */
const ABNORMAL_CLOSURE = 1006;
const NORMAL_CLOSURE = 1000;

function socketErrorMessage(event: unknown): string {
  const error = (event as { error?: unknown } | null)?.error ?? event;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" && message ? message : "the connection failed";
}

/**
 * Opens the event stream: sends `hello` with the token and the last event number, delivers each event once
 * and in order (repeats are dropped; a hole ends the connection so the caller resumes from before it), passes
 * `resync` on, keeps the link alive with `ping` frames at the Cloud's interval and ends it when nothing comes
 * back, and says how it ended — reconnect, sign in again, or stop.
 *
 * @example
 * const connection = openEventConnection({ url, openSocket: (u) => new WebSocket(u), token, workspaceId,
 *   lastSeq, onEvent: (frame) => handle(frame) });
 * const end = await connection.ended; // { action: "reconnect", closeCode: 1012, … }
 */
export function openEventConnection(options: EventConnectionOptions): EventConnection {
  const timers = options.timers ?? systemTimers;
  const livenessIntervals = options.livenessIntervals ?? 2;
  let seq = options.lastSeq;
  let welcomed = false;
  let errorCode: ErrorCode | null = null;
  let socketError: string | null = null;
  let lastFrameAt = timers.now();
  let pingId = 0;
  let cancelTimer: (() => void) | null = null;
  let finished = false;
  let resolveEnded: (end: StreamEnd) => void = () => undefined;
  const ended = new Promise<StreamEnd>((resolve) => {
    resolveEnded = resolve;
  });

  function finish(end: Omit<StreamEnd, "welcomed">): void {
    if (finished) return;
    finished = true;
    cancelTimer?.();
    cancelTimer = null;
    resolveEnded({ ...end, welcomed });
  }

  function endFromClient(reason: string, action: "reconnect" | "stop" = "reconnect"): void {
    if (finished) return;
    finish({ action, stopReason: null, closeCode: NORMAL_CLOSURE, reason, errorCode: null, byClient: true });
    try {
      if (socket.readyState === socketStates.CONNECTING || socket.readyState === socketStates.OPEN) {
        socket.close(NORMAL_CLOSURE, reason.slice(0, 120));
      }
    } catch {
      // Closing a socket that is still connecting may throw in some implementations; it is gone either way.
    }
  }

  function schedulePing(intervalMs: number): void {
    cancelTimer = timers.schedule(() => {
      if (finished) return;
      if (timers.now() - lastFrameAt >= intervalMs * livenessIntervals) {
        endFromClient("no answer from the Cloud");
        return;
      }
      pingId += 1;
      socket.send(JSON.stringify({ type: "ping", id: pingId }));
      schedulePing(intervalMs);
    }, intervalMs);
  }

  function onWelcome(frame: WelcomeFrame): void {
    if (frame.workspaceId !== options.workspaceId) {
      endFromClient("welcomed into another workspace", "stop");
      return;
    }
    welcomed = true;
    cancelTimer?.();
    seq ??= frame.seq;
    schedulePing(frame.pingIntervalMs);
    options.onWelcome?.(frame);
  }

  function onEvent(frame: EventFrame): void {
    if (seq !== undefined && frame.seq <= seq) return;
    if (seq !== undefined && frame.seq > seq + 1) {
      endFromClient(`event ${seq + 1} is missing`);
      return;
    }
    seq = frame.seq;
    options.onEvent(frame);
  }

  function onMessage(data: unknown): void {
    if (finished) return;
    lastFrameAt = timers.now();
    let frame: ServerFrame;
    try {
      // The Cloud sends text frames only; a browser and `ws` both deliver those as strings.
      frame = ServerFrame.parse(JSON.parse(typeof data === "string" ? data : ""));
    } catch {
      endFromClient("the Cloud sent a frame this client does not understand");
      return;
    }
    switch (frame.type) {
      case "welcome":
        onWelcome(frame);
        return;
      case "event":
        if (welcomed) onEvent(frame);
        return;
      case "resync":
        seq = frame.seq;
        options.onResync?.(frame);
        return;
      case "error":
        errorCode = frame.code;
        return;
      case "pong":
        return;
    }
  }

  let socket: WebSocketLike;
  try {
    socket = options.openSocket(options.url);
  } catch (error) {
    // A URL the socket refuses outright, or a guard that refuses synchronously: ended before it began.
    finish({
      action: "reconnect",
      stopReason: null,
      closeCode: ABNORMAL_CLOSURE,
      reason: socketErrorMessage({ error }),
      errorCode: knownCodeIn(error)?.code ?? null,
      byClient: false,
    });
    return { ended, lastSeq: () => seq, close: () => undefined };
  }
  cancelTimer = timers.schedule(
    () => endFromClient("no welcome from the Cloud in time"),
    options.handshakeTimeoutMs ?? 15_000,
  );
  socket.addEventListener("open", () => {
    if (finished) return;
    const hello: HelloFrame = {
      type: "hello",
      protocol: PROTOCOL_VERSION,
      token: options.token,
      workspaceId: options.workspaceId,
      ...(seq === undefined ? {} : { lastSeq: seq }),
    };
    socket.send(JSON.stringify(hello));
  });
  socket.addEventListener("message", (event) => onMessage(event.data));
  socket.addEventListener("error", (event) => {
    socketError = socketErrorMessage(event);
    errorCode ??= knownCodeIn((event as { error?: unknown } | null)?.error)?.code ?? null;
  });
  socket.addEventListener("close", (event) => {
    const closeCode = event.code || ABNORMAL_CLOSURE;
    finish({
      ...classifyStreamClose(closeCode, errorCode),
      closeCode,
      reason: event.reason || socketError || "the connection closed",
      errorCode,
      byClient: false,
    });
  });

  return {
    ended,
    lastSeq: () => seq,
    close: (reason = "closed by the client") => endFromClient(reason, "stop"),
  };
}
