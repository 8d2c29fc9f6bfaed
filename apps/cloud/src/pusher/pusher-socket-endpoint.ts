import { randomInt } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  PUSHER_MAX_DATA_BYTES,
  PUSHER_PROTOCOL_VERSION,
  PUSHER_SOCKET_PATH_PREFIX,
  PusherClientFrame,
  PusherUnsubscribeData,
  pusherErrorCodes,
} from "@multiclaw/protocol";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { Fanout, FanoutMessage } from "../events/fanout.ts";
import { PusherConnection } from "./pusher-connection.ts";
import {
  channelEventFrame,
  connectionEstablishedFrame,
  errorFrame,
  pingFrame,
  pongFrame,
  subscriptionSucceededFrame,
} from "./pusher-frames.ts";
import { checkSubscription } from "./pusher-subscription.ts";

/*
 * Why the Cloud speaks the Pusher protocol itself: the embedded default and self-hosted Clouds need a
 * Pusher-compatible server beside them, and Soketi, the usual self-hosted one, is built on uWebSockets.js — a
 * native module published outside the npm registry — and is no longer maintained. What progress needs (public
 * and private channels, the trigger API) is small, and serving it here lets it ride the Cloud's own fan-out,
 * so it works across Cloud nodes with nothing more to run.
 */

export interface PusherTuning {
  /** Seconds of silence after which a client should ping (sent in `connection_established`). */
  activityTimeoutSeconds: number;
  /** How long the endpoint waits for `pusher:pong` after its own `pusher:ping` before closing with 4201. */
  pongTimeoutMs: number;
  /** How often idle connections are looked for. */
  sweepIntervalMs: number;
  /** How long shutdown waits for clients to close before it cuts them off. */
  closeGraceMs: number;
}

export const defaultPusherTuning: PusherTuning = {
  activityTimeoutSeconds: 120,
  pongTimeoutMs: 30_000,
  sweepIntervalMs: 5_000,
  closeGraceMs: 2_000,
};

export interface PusherSocketEndpointDeps {
  app: { key: string; secret: string };
  fanout: Fanout;
  logger: Logger;
  /** Bytes buffered for one connection before it is closed as over capacity (4100: reconnect after a while). */
  maxBufferedBytes: number;
  now?: () => number;
  tuning?: Partial<PusherTuning>;
}

export interface PusherSocketEndpoint {
  /** Whether an upgrade request is for this endpoint (`/app/…`). */
  handles(url: string | undefined): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  connectionCount(): number;
  /** Closes every connection with 4200 (clients reconnect, to another node if there is one). */
  close(): Promise<void>;
}

/** A client frame is an event name and small data; events themselves are limited to 10 KB. */
const MAX_CLIENT_FRAME_BYTES = PUSHER_MAX_DATA_BYTES + 2048;

/**
 * The Pusher Channels endpoint, protocol 7, at `/app/<key>`: connection established with a socket id,
 * subscribe and unsubscribe (private channels checked against the app secret), ping and pong, the documented
 * error codes, and delivery of events triggered on any Cloud node through the fan-out. Client events are
 * refused: only the Cloud triggers.
 *
 * @example
 * const pusher = createPusherSocketEndpoint({ app, fanout, logger, maxBufferedBytes: 1_048_576 });
 * server.on("upgrade", (request, socket, head) => {
 *   if (pusher.handles(request.url)) pusher.handleUpgrade(request, socket, head);
 * });
 */
export function createPusherSocketEndpoint(deps: PusherSocketEndpointDeps): PusherSocketEndpoint {
  const logger = deps.logger.child({ component: "pusher-endpoint" });
  const tuning: PusherTuning = { ...defaultPusherTuning, ...deps.tuning };
  const now = deps.now ?? Date.now;
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    clientTracking: false,
  });
  const connections = new Map<WebSocket, PusherConnection>();
  const subscribers = new Map<string, Set<PusherConnection>>();
  let closed = false;
  let shutdown: Promise<void> | null = null;

  const unsubscribeFanout = deps.fanout.subscribe(onFanoutMessage);
  const sweep = setInterval(sweepIdle, tuning.sweepIntervalMs);
  sweep.unref();

  function handles(url: string | undefined): boolean {
    return (url ?? "").startsWith(PUSHER_SOCKET_PATH_PREFIX);
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (closed) {
      socket.on("error", () => {});
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    // Refusals are made inside the WebSocket, with Pusher's close codes: that is what its clients act on.
    server.handleUpgrade(request, socket, head, (webSocket) => onOpen(webSocket, request.url ?? "/"));
  }

  function onOpen(socket: WebSocket, url: string): void {
    socket.on("error", (error) => logger.debug({ err: error }, "pusher connection error"));
    // An upgrade that finished while the endpoint was shutting down is told to reconnect (elsewhere).
    const refusal = closed
      ? { code: pusherErrorCodes.RECONNECT_NOW, message: "Server restarting" }
      : refusalFor(url);
    if (refusal) {
      refuse(socket, refusal.code, refusal.message);
      return;
    }
    const connection = new PusherConnection(socket, newSocketId(), now());
    connections.set(socket, connection);
    socket.on("message", onSocketMessage);
    socket.on("close", onSocketClose);
    socket.send(connectionEstablishedFrame(connection.socketId, tuning.activityTimeoutSeconds));
  }

  function refusalFor(url: string): { code: number; message: string } | null {
    let parsed: URL;
    try {
      parsed = new URL(url, "http://endpoint");
    } catch {
      return { code: pusherErrorCodes.PATH_NOT_FOUND, message: "Path not found" };
    }
    const match = /^\/app\/([^/]+)$/.exec(parsed.pathname);
    if (!match) return { code: pusherErrorCodes.PATH_NOT_FOUND, message: "Path not found" };
    // Compared as sent: keys are plain ASCII, and decoding a malformed escape would throw.
    if (match[1] !== deps.app.key) {
      return { code: pusherErrorCodes.APP_NOT_FOUND, message: "Application does not exist" };
    }
    const protocol = parsed.searchParams.get("protocol");
    if (protocol === null) {
      return { code: pusherErrorCodes.NO_PROTOCOL_VERSION, message: "No protocol version supplied" };
    }
    if (protocol !== String(PUSHER_PROTOCOL_VERSION)) {
      return {
        code: pusherErrorCodes.UNSUPPORTED_PROTOCOL,
        message: `Unsupported protocol version; this server speaks ${PUSHER_PROTOCOL_VERSION}`,
      };
    }
    return null;
  }

  function refuse(socket: WebSocket, code: number, message: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(errorFrame(code, message));
    // A close reason may be at most 123 bytes; the full message went in the error frame.
    socket.close(code, Buffer.byteLength(message) <= 123 ? message : "");
  }

  function closeConnection(connection: PusherConnection, code: number, message: string): void {
    if (connection.closing) return;
    connection.closing = true;
    forget(connection);
    refuse(connection.socket, code, message);
  }

  function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const connection = connections.get(this);
    if (!connection || connection.closing) return;
    connection.lastActivity = now();
    connection.pingSentAt = null;
    const frame = isBinary ? null : parseFrame(data);
    if (!frame) {
      this.send(errorFrame(null, "Messages must be JSON text with an event name"));
      return;
    }
    switch (frame.event) {
      case "pusher:ping":
        this.send(pongFrame);
        return;
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        subscribe(connection, frame.data);
        return;
      case "pusher:unsubscribe": {
        const parsed = PusherUnsubscribeData.safeParse(frame.data);
        if (parsed.success) leave(connection, parsed.data.channel);
        return;
      }
      case "pusher:signin":
        this.send(errorFrame(null, "User authentication is not supported by this server"));
        return;
      default:
        this.send(
          errorFrame(
            null,
            frame.event.startsWith("client-")
              ? "Client events are not enabled for this app"
              : `Unsupported event ${frame.event}`,
          ),
        );
    }
  }

  function subscribe(connection: PusherConnection, data: unknown): void {
    const check = checkSubscription(deps.app, connection.socketId, data);
    if (!check.ok) {
      connection.socket.send(errorFrame(null, check.message));
      return;
    }
    const { channel } = check;
    if (connection.channels.has(channel)) {
      connection.socket.send(errorFrame(null, `Existing subscription to channel ${channel}`));
      return;
    }
    connection.channels.add(channel);
    let set = subscribers.get(channel);
    if (!set) {
      set = new Set();
      subscribers.set(channel, set);
    }
    set.add(connection);
    connection.socket.send(subscriptionSucceededFrame(channel));
  }

  function leave(connection: PusherConnection, channel: string): void {
    if (!connection.channels.delete(channel)) return;
    const set = subscribers.get(channel);
    set?.delete(connection);
    if (set?.size === 0) subscribers.delete(channel);
  }

  function forget(connection: PusherConnection): void {
    for (const channel of [...connection.channels]) leave(connection, channel);
  }

  function onSocketClose(this: WebSocket): void {
    const connection = connections.get(this);
    if (!connection) return;
    connections.delete(this);
    connection.closing = true;
    forget(connection);
  }

  function onFanoutMessage(message: FanoutMessage): void {
    if (message.kind !== "pusher-event") return;
    for (const channel of message.channels) {
      const set = subscribers.get(channel);
      if (!set) continue;
      const frame = channelEventFrame(channel, message.event, message.data);
      for (const connection of [...set]) {
        if (connection.socketId !== message.exceptSocketId) deliver(connection, frame);
      }
    }
  }

  function deliver(connection: PusherConnection, frame: string): void {
    const socket = connection.socket;
    if (socket.readyState !== WebSocket.OPEN) return;
    // A client that does not read must not make this node hold its events without bound.
    if (socket.bufferedAmount > deps.maxBufferedBytes) {
      closeConnection(
        connection,
        pusherErrorCodes.OVER_CAPACITY,
        "Over capacity: too many undelivered events",
      );
      return;
    }
    socket.send(frame);
  }

  function sweepIdle(): void {
    const at = now();
    for (const connection of connections.values()) {
      if (connection.closing) continue;
      if (connection.pingSentAt !== null) {
        if (at - connection.pingSentAt > tuning.pongTimeoutMs) {
          closeConnection(connection, pusherErrorCodes.PONG_NOT_RECEIVED, "Pong reply not received");
        }
      } else if (at - connection.lastActivity > tuning.activityTimeoutSeconds * 1000) {
        connection.pingSentAt = at;
        connection.socket.send(pingFrame);
      }
    }
  }

  async function shutDown(): Promise<void> {
    closed = true;
    unsubscribeFanout();
    clearInterval(sweep);
    for (const connection of [...connections.values()]) {
      closeConnection(connection, pusherErrorCodes.RECONNECT_NOW, "Server restarting");
    }
    const deadline = Date.now() + tuning.closeGraceMs;
    while (connections.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const socket of connections.keys()) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    handles,
    handleUpgrade,
    connectionCount: () => connections.size,
    close() {
      shutdown ??= shutDown();
      return shutdown;
    },
  };
}

/** Two random integers joined by a dot, the shape Pusher's libraries check (`/^\d+\.\d+$/`). */
function newSocketId(): string {
  return `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
}

/** pusher-js sends `data` as an object; some clients send it JSON-encoded, as the server does. */
function parseFrame(data: RawData): PusherClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return null;
  }
  const parsed = PusherClientFrame.safeParse(value);
  if (!parsed.success) return null;
  const frame = parsed.data;
  if (typeof frame.data === "string") {
    try {
      return { ...frame, data: JSON.parse(frame.data) };
    } catch {
      return frame;
    }
  }
  return frame;
}
