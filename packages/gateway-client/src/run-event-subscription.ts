import {
  type BackoffPolicy,
  type ErrorCode,
  eventCloseCodes,
  PROTOCOL_VERSION,
  type RunEvent,
  type StreamClientFrame,
  socketStates,
  type WebSocketLike,
} from "@multiclaw/protocol";
import { GatewayApiError } from "./gateway-api-error.ts";
import { defaultStreamBackoff, reconnectDelay } from "./reconnect-delay.ts";
import { readServerFrame } from "./server-frame.ts";

export type RunEventStreamStatus = "connecting" | "open" | "reconnecting" | "stopped";

export interface RunEventSubscriptionOptions {
  /** Runs to follow (each replayed from its cursor, else from its first event), or `"all"` (live from now). */
  subscribe: "all" | readonly string[];
  /** Per run, the last `seq` already processed: delivery resumes after it. */
  after?: Readonly<Record<string, number>>;
  /** Each event once, in `seq` order per run, across reconnects. */
  onEvent(event: RunEvent): void;
  /** A refused run (NOT_FOUND, with `runId`), or the reason the stream stopped for good (AUTH_INVALID…). */
  onError?(error: GatewayApiError): void;
  onStatus?(status: RunEventStreamStatus): void;
  backoff?: BackoffPolicy;
}

export interface RunEventSubscription {
  /** Follows more runs on the open stream, each replayed from `after` (else from its first event). */
  add(runIds: readonly string[], after?: Readonly<Record<string, number>>): void;
  /** Per run, the last `seq` delivered. */
  cursors(): Record<string, number>;
  /** Stops for good. */
  close(): void;
  /** Resolves once stopped: with null when closed by the caller, with the error when the gateway refused it. */
  readonly stopped: Promise<GatewayApiError | null>;
}

/** Runs per hello or subscribe frame, and cursors per hello, as the protocol allows. */
const RUNS_PER_FRAME = 100;
const MAX_CURSORS = 1000;

/** Closes after which reconnecting cannot help: the token, the protocol or the client itself is wrong. */
const finalCloses = new Map<number, ErrorCode>([
  [eventCloseCodes.AUTH_REQUIRED, "AUTH_REQUIRED"],
  [eventCloseCodes.AUTH_INVALID, "AUTH_INVALID"],
  [eventCloseCodes.PROTOCOL_UNSUPPORTED, "PROTOCOL_UNSUPPORTED"],
  [eventCloseCodes.BAD_FRAME, "BAD_REQUEST"],
]);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Follows run events over the local API's WebSocket: sends the token in the first frame (or, from the App's
 * page, no token: the session cookie on the upgrade request authenticates it), keeps the last `seq`
 * of every run, and after any drop (a gateway restart, a slow-consumer close) reconnects with backoff and
 * resumes after those numbers, so the caller sees each event once and in order.
 */
export function subscribeRunEvents(
  options: RunEventSubscriptionOptions & {
    url: string;
    /** Left out by the App, whose browser sends its session cookie with the upgrade. */
    token?: string;
    openWebSocket: (url: string) => WebSocketLike;
  },
): RunEventSubscription {
  const all = options.subscribe === "all";
  const runs = new Set(all ? [] : options.subscribe);
  if (!all && runs.size === 0)
    throw new GatewayApiError("VALIDATION_FAILED", "Subscribe to at least one run");
  // Insertion order is recency: a hello carries the newest MAX_CURSORS.
  const cursors = new Map<string, number>(Object.entries(options.after ?? {}));
  const backoff = options.backoff ?? defaultStreamBackoff;
  let socket: WebSocketLike | null = null;
  let attempt = 0;
  let stopped = false;
  let cancelRetry: (() => void) | null = null;
  let refusal: GatewayApiError | null = null;
  let finish: (result: GatewayApiError | null) => void = () => {};
  const stoppedPromise = new Promise<GatewayApiError | null>((resolve) => {
    finish = (result) => {
      stopped = true;
      options.onStatus?.("stopped");
      resolve(result);
    };
  });

  function cursorsFor(runIds: readonly string[] | null): Record<string, number> {
    const entries = [...cursors].filter(([runId]) => runIds === null || runIds.includes(runId));
    return Object.fromEntries(entries.slice(-MAX_CURSORS));
  }

  function subscribeFrames(runIds: readonly string[]): StreamClientFrame[] {
    return chunks(runIds, RUNS_PER_FRAME).map((chunk) => ({
      type: "subscribe",
      runIds: chunk,
      after: cursorsFor(chunk),
    }));
  }

  function connect(): void {
    if (stopped) return;
    if (!all && runs.size === 0) {
      finish(null);
      return;
    }
    options.onStatus?.(attempt === 0 ? "connecting" : "reconnecting");
    refusal = null;
    let current: WebSocketLike;
    try {
      current = options.openWebSocket(options.url);
    } catch {
      retry();
      return;
    }
    socket = current;
    current.addEventListener("open", () => {
      if (socket !== current) return;
      const [first = [], ...rest] = chunks([...runs], RUNS_PER_FRAME);
      const hello: StreamClientFrame = {
        type: "hello",
        protocol: PROTOCOL_VERSION,
        ...(options.token === undefined ? {} : { token: options.token }),
        subscribe: all ? "all" : first,
        after: all ? cursorsFor(null) : cursorsFor(first),
      };
      current.send(JSON.stringify(hello));
      for (const frame of subscribeFrames(rest.flat())) current.send(JSON.stringify(frame));
    });
    current.addEventListener("message", (event) => {
      if (socket === current) receive(event.data);
    });
    current.addEventListener("close", (event) => {
      if (socket !== current) return;
      socket = null;
      closed(event.code, event.reason);
    });
    // An error is followed by a close, which decides what happens next.
    current.addEventListener("error", () => {});
  }

  function receive(data: unknown): void {
    const frame = readServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case "welcome":
        attempt = 0;
        options.onStatus?.("open");
        return;
      case "run-event": {
        const { type: _type, ...event } = frame;
        const last = cursors.get(event.runId);
        if (last !== undefined && event.seq <= last) return;
        cursors.delete(event.runId);
        cursors.set(event.runId, event.seq);
        options.onEvent(event);
        return;
      }
      case "error": {
        const error = new GatewayApiError(
          frame.code,
          frame.message,
          frame.runId ? { runId: frame.runId } : {},
        );
        if (frame.runId) {
          runs.delete(frame.runId);
          cursors.delete(frame.runId);
          options.onError?.(error);
        } else {
          // Sent just before a close: the close decides whether it is final.
          refusal = error;
        }
        return;
      }
      case "pong":
        return;
    }
  }

  function closed(code: number, reason: string): void {
    if (stopped) return;
    const finalCode = finalCloses.get(code);
    if (finalCode) {
      const error = refusal ?? new GatewayApiError(finalCode, reason || undefined);
      options.onError?.(error);
      finish(error);
      return;
    }
    retry();
  }

  function retry(): void {
    if (stopped) return;
    attempt += 1;
    const timer = setTimeout(
      () => {
        cancelRetry = null;
        connect();
      },
      reconnectDelay(attempt, backoff),
    );
    cancelRetry = () => clearTimeout(timer);
  }

  connect();

  return {
    add(runIds, after = {}) {
      for (const [runId, seq] of Object.entries(after)) {
        if ((cursors.get(runId) ?? -1) < seq) cursors.set(runId, seq);
      }
      const fresh = runIds.filter((runId) => all || !runs.has(runId));
      for (const runId of fresh) {
        runs.add(runId);
        // With "all", a cursor is what makes a later hello replay the run; 0 replays it from its first event.
        if (all && !cursors.has(runId)) cursors.set(runId, 0);
      }
      if (fresh.length === 0 || socket?.readyState !== socketStates.OPEN) return;
      for (const frame of subscribeFrames(fresh)) socket.send(JSON.stringify(frame));
    },
    cursors: () => Object.fromEntries(cursors),
    close() {
      if (stopped) return;
      cancelRetry?.();
      cancelRetry = null;
      const current = socket;
      socket = null;
      if (current && current.readyState !== socketStates.CLOSED) current.close(1000, "client closed");
      finish(null);
    },
    stopped: stoppedPromise,
  };
}
