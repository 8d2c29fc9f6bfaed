import {
  type BackoffPolicy,
  type ErrorCode,
  eventCloseCodes,
  PROTOCOL_VERSION,
  type StreamClientFrame,
  type StreamWorkspaceEventFrame,
  socketStates,
  type WebSocketLike,
} from "@multiclaw/protocol";
import { GatewayApiError } from "./gateway-api-error.ts";
import { defaultStreamBackoff, reconnectDelay } from "./reconnect-delay.ts";
import { readServerFrame } from "./server-frame.ts";

export type WorkspaceEventStreamStatus = "connecting" | "open" | "reconnecting" | "stopped";

/** Whose task events the gateway relays (null: it follows none), and whether its Cloud stream of them is up. */
export interface WorkspaceRelayState {
  workspaceId: string | null;
  live: boolean;
}

export interface WorkspaceEventSubscriptionOptions {
  /**
   * The workspace whose events to follow: the one the page shows. Left out, the gateway's own (the one it is
   * signed in to). When the gateway's link follows another, the gateway follows this one as the signed-in user.
   */
  workspaceId?: string;
  /** Each task event the gateway hears on its Cloud event stream, as the Cloud sent it. */
  onEvent(frame: Omit<StreamWorkspaceEventFrame, "type">): void;
  /**
   * Events may have been missed: the gateway was told to resync, or this connection was (re)opened after a
   * drop. Fetch the task list again.
   */
  onResync(workspaceId: string | null): void;
  /** Called after each (re)connection and whenever the gateway's workspace or its live state changes. */
  onRelayState?(state: WorkspaceRelayState): void;
  onStatus?(status: WorkspaceEventStreamStatus): void;
  /** The reason the stream stopped for good (AUTH_INVALID, PROTOCOL_UNSUPPORTED…). */
  onError?(error: GatewayApiError): void;
  backoff?: BackoffPolicy;
}

export interface WorkspaceEventSubscription {
  close(): void;
  /** Resolves once stopped: with null when closed by the caller, with the error when the gateway refused it. */
  readonly stopped: Promise<GatewayApiError | null>;
}

/** Closes after which reconnecting cannot help: the token, the protocol or the client itself is wrong. */
const finalCloses = new Map<number, ErrorCode>([
  [eventCloseCodes.AUTH_REQUIRED, "AUTH_REQUIRED"],
  [eventCloseCodes.AUTH_INVALID, "AUTH_INVALID"],
  [eventCloseCodes.PROTOCOL_UNSUPPORTED, "PROTOCOL_UNSUPPORTED"],
  [eventCloseCodes.BAD_FRAME, "BAD_REQUEST"],
]);

/**
 * Follows the workspace's task events over the local API's WebSocket (a hello with `workspace: true` and no
 * runs). The relay is live only, so every (re)connection after the first also asks the caller to resync:
 * whatever happened while the socket was down is in the Cloud's list, not in this stream.
 *
 * @example
 * const feed = subscribeWorkspaceEvents({ url, openWebSocket, onEvent: (frame) => patch(frame.event.task),
 *   onResync: () => refetch() });
 */
export function subscribeWorkspaceEvents(
  options: WorkspaceEventSubscriptionOptions & {
    url: string;
    /** Left out by the App, whose browser sends its session cookie with the upgrade. */
    token?: string;
    openWebSocket: (url: string) => WebSocketLike;
  },
): WorkspaceEventSubscription {
  const backoff = options.backoff ?? defaultStreamBackoff;
  let socket: WebSocketLike | null = null;
  let attempt = 0;
  let welcomed = 0;
  let stopped = false;
  let cancelRetry: (() => void) | null = null;
  let refusal: GatewayApiError | null = null;
  let relayWorkspace: string | null = null;
  let finish: (result: GatewayApiError | null) => void = () => {};
  const stoppedPromise = new Promise<GatewayApiError | null>((resolve) => {
    finish = (result) => {
      stopped = true;
      options.onStatus?.("stopped");
      resolve(result);
    };
  });

  function connect(): void {
    if (stopped) return;
    options.onStatus?.(attempt === 0 && welcomed === 0 ? "connecting" : "reconnecting");
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
      const hello: StreamClientFrame = {
        type: "hello",
        protocol: PROTOCOL_VERSION,
        ...(options.token === undefined ? {} : { token: options.token }),
        workspace: true,
        ...(options.workspaceId === undefined ? {} : { workspaceId: options.workspaceId }),
      };
      current.send(JSON.stringify(hello));
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
        welcomed += 1;
        options.onStatus?.("open");
        return;
      case "workspace-status": {
        const changed = frame.workspaceId !== relayWorkspace;
        relayWorkspace = frame.workspaceId;
        options.onRelayState?.({ workspaceId: frame.workspaceId, live: frame.live });
        // After a drop, or when the gateway now follows another workspace, what is cached may be stale.
        if (welcomed > 1 || changed) options.onResync(frame.workspaceId);
        return;
      }
      case "workspace-event": {
        const { type: _type, ...event } = frame;
        options.onEvent(event);
        return;
      }
      case "workspace-resync":
        options.onResync(frame.workspaceId);
        return;
      case "error":
        // Sent just before a close: the close decides whether it is final.
        refusal = new GatewayApiError(frame.code, frame.message);
        return;
      case "run-event":
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
    options.onStatus?.("reconnecting");
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
