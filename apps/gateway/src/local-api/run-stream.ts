import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  PROTOCOL_VERSION,
  type RunEvent,
  type StreamCursors,
  type StreamErrorFrame,
  type StreamServerFrame,
  type StreamWelcomeFrame,
} from "@multiclaw/protocol";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { EngineOperations, LocalApiDeps, RunReads, WorkspaceFeed } from "./local-api-deps.ts";
import { createRunDelivery, serialiseRunEvent } from "./run-delivery.ts";
import { parseStreamFrame } from "./stream-client-frame.ts";
import { type StreamCloseReason, streamCloseReasons } from "./stream-close-reasons.ts";
import { StreamConnection } from "./stream-connection.ts";
import { createWorkspaceRelays } from "./workspace-relays.ts";

export interface RunStreamTuning {
  /** How long a connection may stay open without sending its hello. */
  helloTimeoutMs: number;
  /** Unsent bytes after which a connection is closed as a slow consumer (it reconnects and resumes). */
  maxBufferedBytes: number;
  /** How long a page of replayed events may take to reach the socket before the connection counts as slow. */
  flushTimeoutMs: number;
  /** Stored events read per page while replaying. */
  replayPageSize: number;
  /** How long a sent close may take before the socket is terminated. */
  closeGraceMs: number;
}

export const defaultRunStreamTuning: RunStreamTuning = {
  helloTimeoutMs: 10_000,
  maxBufferedBytes: 1024 * 1024,
  flushTimeoutMs: 10_000,
  replayPageSize: 500,
  closeGraceMs: 1000,
};

export interface RunStreamDeps {
  engine: Pick<EngineOperations, "subscribe">;
  store: Pick<RunReads, "getRun" | "listEvents">;
  /** Whether a presented token is the API's token (constant time). */
  acceptsToken(token: string): boolean;
  /** The App's session the upgrade request's cookie carries (valid, from the gateway's own page), or null. */
  appSessionOf(request: IncomingMessage): string | null;
  /** The signed-in workspace's task events, for connections that ask for them. */
  workspaceFeed: WorkspaceFeed;
  /** The task events of a workspace a connection's hello names. */
  followWorkspace: LocalApiDeps["followWorkspace"];
  logger: Logger;
  tuning?: Partial<RunStreamTuning>;
}

export interface RunStream {
  /** Takes an upgrade the caller has already checked (path, Host, Origin). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open connections, in any state. */
  connectionCount(): number;
  /** Closes the connections the App's session opened (AUTH_INVALID: the page must not reconnect with it). */
  endAppSession(sessionId: string): void;
  /** Closes every connection with SERVER_RESTART (clients reconnect and resume) and stops listening for events. */
  close(): Promise<void>;
}

const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/**
 * The run-event WebSocket: each connection authenticates with its first frame — the API token, or for the App a
 * hello without one on an upgrade that carried its session cookie — subscribes to some runs or to
 * all, and receives each run's events once and in order — stored ones replayed from `after`, then live ones.
 *
 * @example
 * const stream = createRunStream({ engine, store, acceptsToken, logger });
 * server.on("upgrade", (request, socket, head) => stream.handleUpgrade(request, socket, head));
 */
export function createRunStream(deps: RunStreamDeps): RunStream {
  const tuning: RunStreamTuning = { ...defaultRunStreamTuning, ...deps.tuning };
  const logger = deps.logger.child({ component: "run-stream" });
  // Deflate costs memory per connection and buys little for small JSON frames on loopback.
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    clientTracking: false,
  });
  const connections = new Map<WebSocket, StreamConnection>();
  const inFlight = new Set<Promise<unknown>>();
  let shutdown: Promise<void> | null = null;

  function track(work: Promise<unknown>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  function send(connection: StreamConnection, frame: string): void {
    if (connection.state !== "open") return;
    connection.send(frame);
    if (connection.socket.bufferedAmount > tuning.maxBufferedBytes) slowConsumer(connection, "buffer-full");
  }

  function slowConsumer(connection: StreamConnection, why: "buffer-full" | "replay-stalled"): void {
    logger.warn(
      { why, bufferedBytes: connection.socket.bufferedAmount },
      "closing a slow run-event consumer",
    );
    close(connection, streamCloseReasons.slowConsumer);
  }

  function flushed(connection: StreamConnection): Promise<boolean> {
    return new Promise((resolve) => {
      if (connection.state !== "open") return resolve(false);
      const timer = setTimeout(() => {
        slowConsumer(connection, "replay-stalled");
        resolve(false);
      }, tuning.flushTimeoutMs);
      // An empty ping is not an event; its write callback fires once everything before it reached the socket.
      connection.socket.ping(undefined, undefined, (error) => {
        clearTimeout(timer);
        resolve(!error && connection.state === "open");
      });
    });
  }

  const delivery = createRunDelivery({
    store: deps.store,
    logger,
    pageSize: tuning.replayPageSize,
    send,
    flushed,
    failed(connection, error) {
      logger.error({ err: error }, "replaying run events failed");
      close(connection, streamCloseReasons.internal);
    },
    track,
  });

  const unsubscribe = deps.engine.subscribe(onLiveEvent);
  const workspaceRelays = createWorkspaceRelays<StreamConnection>({
    linkFeed: deps.workspaceFeed,
    follow: deps.followWorkspace,
    send,
  });

  function onLiveEvent(event: RunEvent): void {
    let frame: string | null = null;
    const serialised = () => {
      frame ??= serialiseRunEvent(event);
      return frame;
    };
    for (const connection of connections.values()) {
      if (connection.state === "open") delivery.live(connection, event, serialised);
    }
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (shutdown) {
      socket.on("error", () => {});
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const appSession = deps.appSessionOf(request);
    server.handleUpgrade(request, socket, head, (webSocket) => onOpen(webSocket, socket, appSession));
  }

  function onOpen(socket: WebSocket, transport: Duplex, appSession: string | null): void {
    const connection = new StreamConnection(socket, transport, appSession);
    connections.set(socket, connection);
    connection.helloTimer = setTimeout(
      () => close(connection, streamCloseReasons.helloTimeout),
      tuning.helloTimeoutMs,
    );
    socket.on("message", (data: RawData, isBinary: boolean) => onMessage(connection, data, isBinary));
    socket.on("error", (error) => logger.debug({ err: error }, "run-event connection error"));
    socket.on("close", () => {
      connection.state = "closing";
      connection.clearTimers();
      connections.delete(socket);
      workspaceRelays.leave(connection);
    });
  }

  function onMessage(connection: StreamConnection, data: RawData, isBinary: boolean): void {
    if (connection.state === "closing") return;
    const awaitingHello = connection.state === "awaiting-hello";
    const parsed = parseStreamFrame(data, isBinary, awaitingHello);
    if (!parsed.ok) {
      close(connection, parsed.refusal);
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case "hello": {
        if (!awaitingHello) {
          close(connection, streamCloseReasons.badFrame);
          return;
        }
        const refusal = helloRefusal(frame.token, connection.appSession);
        if (refusal) {
          close(connection, refusal);
          return;
        }
        if (connection.helloTimer) clearTimeout(connection.helloTimer);
        connection.helloTimer = null;
        connection.state = "open";
        connection.all = frame.subscribe === "all";
        connection.workspace = frame.workspace === true;
        const runIds = frame.subscribe === "all" ? [] : (frame.subscribe ?? []);
        sendFrame(connection, {
          type: "welcome",
          protocol: PROTOCOL_VERSION,
          subscribed: frame.subscribe === "all" ? "all" : unique(runIds),
        } satisfies StreamWelcomeFrame);
        if (connection.workspace) send(connection, workspaceRelays.join(connection, frame.workspaceId));
        // With "all", only the runs named in `after` are replayed; the rest start live.
        subscribe(connection, runIds, frame.after ?? {});
        return;
      }
      case "subscribe":
        subscribe(connection, frame.runIds, frame.after ?? {});
        return;
      case "ping":
        sendFrame(connection, { type: "pong", id: frame.id });
        return;
    }
  }

  /** A token given must be the API's; without one, only an upgrade that carried the App's session passes. */
  function helloRefusal(token: string | undefined, appSession: string | null): StreamCloseReason | null {
    if (token !== undefined) return deps.acceptsToken(token) ? null : streamCloseReasons.authInvalid;
    return appSession === null ? streamCloseReasons.authRequired : null;
  }

  function subscribe(connection: StreamConnection, runIds: readonly string[], after: StreamCursors): void {
    for (const runId of unique([...runIds, ...Object.keys(after)])) {
      if (connection.cursors.has(runId)) continue;
      // Registered before anything is read, filling, so live events from here on only raise its target.
      const cursor = { lastSent: after[runId] ?? 0, filling: true, target: 0, viaAll: false };
      connection.cursors.set(runId, cursor);
      track(
        (async () => {
          const run = await deps.store.getRun(runId);
          if (connection.state !== "open") return;
          if (!run) {
            connection.cursors.delete(runId);
            sendFrame(connection, {
              type: "error",
              code: "NOT_FOUND",
              message: "No such run",
              runId,
            } satisfies StreamErrorFrame);
            return;
          }
          await delivery.replay(connection, runId, cursor);
        })().catch((error: unknown) => {
          logger.error({ err: error }, "subscribing to a run failed");
          close(connection, streamCloseReasons.internal);
        }),
      );
    }
  }

  function sendFrame(connection: StreamConnection, frame: StreamServerFrame): void {
    send(connection, JSON.stringify(frame));
  }

  function close(connection: StreamConnection, reason: StreamCloseReason): void {
    if (connection.state === "closing") return;
    connection.state = "closing";
    connection.clearTimers();
    const socket = connection.socket;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (reason.errorFrame) socket.send(reason.errorFrame);
    socket.close(reason.closeCode, reason.reason);
    connection.terminateTimer = setTimeout(() => socket.terminate(), tuning.closeGraceMs);
    connection.terminateTimer.unref();
  }

  async function shutDown(): Promise<void> {
    unsubscribe();
    workspaceRelays.close();
    for (const connection of [...connections.values()]) close(connection, streamCloseReasons.serverRestart);
    await waitUntil(() => connections.size === 0, tuning.closeGraceMs + 500);
    for (const socket of connections.keys()) socket.terminate();
    // Fills in progress stop once they see their connection closed; a store that hangs must not hold the stop.
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((resolve) => setTimeout(resolve, tuning.closeGraceMs).unref()),
    ]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    handleUpgrade,
    connectionCount: () => connections.size,
    endAppSession(sessionId) {
      for (const connection of connections.values()) {
        if (connection.appSession === sessionId) close(connection, streamCloseReasons.appSessionEnded);
      }
    },
    close() {
      shutdown ??= shutDown();
      return shutdown;
    },
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
