import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { EVENTS_PATH, type ServerFrame } from "@multiclaw/protocol";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { Clock } from "../clock.ts";
import type { CloudConfig } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { Authenticator } from "../http/principal.ts";
import { parseClientFrame } from "./client-frame.ts";
import { type CloseReason, closeReasons } from "./close-reasons.ts";
import { createControlHandler } from "./control-messages.ts";
import { EventConnection, WorkspaceChannel } from "./event-connection.ts";
import { createEventDelivery } from "./event-delivery.ts";
import { createHandshake } from "./event-handshake.ts";
import type { Fanout, FanoutMessage } from "./fanout.ts";
import { createHubUpkeep, defaultHubTuning, type HubTuning } from "./hub-upkeep.ts";

export type { HubTuning } from "./hub-upkeep.ts";

import { createRevocationMemory } from "./revocation-memory.ts";

export interface EventHubDeps {
  db: Database;
  fanout: Fanout;
  authenticator: Authenticator;
  clock: Clock;
  logger: Logger;
  config: Pick<
    CloudConfig,
    "eventPingIntervalMs" | "heartbeatIntervalMs" | "eventRetention" | "maxBufferedBytes"
  >;
  /** Fired when a connection authenticated as an instance has been welcomed (presence uses it). */
  onInstanceConnected?(instanceId: string, workspaceId: string): void;
  /** Fired when such a connection ends, however it ends. */
  onInstanceDisconnected?(instanceId: string, workspaceId: string): void;
  /** The hub's own timings and sizes; the defaults suit production, tests shorten them. */
  tuning?: Partial<HubTuning>;
}

export interface EventHub {
  /** Give it the `upgrade` event of the HTTP server; only EVENTS_PATH is accepted, anything else gets a 404. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open event connections on this node, in any state. */
  connectionCount(): number;
  /** Closes every connection with SERVER_RESTART (clients reconnect elsewhere) and stops the hub's timers. */
  close(): Promise<void>;
}

const MAX_CLIENT_FRAME_BYTES = 16 * 1024;

/**
 * The live event stream: WebSocket connections on EVENTS_PATH, each authenticated by its first frame and bound
 * to one workspace, receiving that workspace's events exactly once and in order — replayed from the log after
 * a reconnect, live from the fan-out otherwise.
 *
 * @example
 * const hub = createEventHub({ db, fanout, authenticator, clock, logger, config });
 * server.on("upgrade", (request, socket, head) => hub.handleUpgrade(request, socket, head));
 */
export function createEventHub(deps: EventHubDeps): EventHub {
  const logger = deps.logger.child({ component: "event-hub" });
  const tuning: HubTuning = { ...defaultHubTuning, ...deps.tuning };
  const now = () => deps.clock.now().getTime();
  // Deflate would cost ~240 KB per connection; frames are small JSON.
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    clientTracking: false,
  });
  const sockets = new Map<WebSocket, EventConnection>();
  const channels = new Map<string, WorkspaceChannel>();
  const awaitingHello = new Set<EventConnection>();
  const deferred = new Set<EventConnection>();
  const closing = new Set<EventConnection>();
  const inFlight = new Set<Promise<unknown>>();
  const revocations = createRevocationMemory();
  let closed = false;
  let shutdown: Promise<void> | null = null;

  function track(work: Promise<unknown>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  const delivery = createEventDelivery({
    db: deps.db,
    logger,
    channels,
    maxBufferedBytes: deps.config.maxBufferedBytes,
    close,
    track,
    pageSize: tuning.replayPageSize,
  });

  const upkeep = createHubUpkeep({
    db: deps.db,
    logger,
    now,
    sockets,
    channels,
    awaitingHello,
    deferred,
    closing,
    revocations,
    close,
    eventRetention: deps.config.eventRetention,
    pingIntervalMs: deps.config.eventPingIntervalMs,
    tuning,
  });

  const handshake = createHandshake({
    db: deps.db,
    authenticator: deps.authenticator,
    logger,
    config: deps.config,
    revocations,
    delivery,
    close,
    join,
    welcomed(connection) {
      if (!connection.instanceId) return;
      connection.announced = true;
      notify(deps.onInstanceConnected, connection.instanceId, connection.workspaceId);
    },
  });

  const handleControl = createControlHandler({ sockets, channels, deferred, revocations, now, close });
  const unsubscribe = deps.fanout.subscribe(onFanoutMessage);

  function close(connection: EventConnection, reason: CloseReason): void {
    if (connection.state === "closing") return;
    connection.state = "closing";
    forget(connection);
    const socket = connection.socket;
    if (socket.readyState === WebSocket.OPEN) {
      if (reason.errorFrame) socket.send(reason.errorFrame);
      socket.close(reason.closeCode, reason.reason);
    }
    connection.closeDeadline = now() + tuning.closeGraceMs;
    closing.add(connection);
  }

  /** Takes a connection out of every index but `sockets` (which its socket's close event clears). */
  function forget(connection: EventConnection): void {
    awaitingHello.delete(connection);
    deferred.delete(connection);
    connection.deferredClose = null;
    const channel = connection.channel;
    if (!channel) return;
    connection.channel = null;
    channel.connections.delete(connection);
    if (channel.connections.size === 0 && channels.get(channel.workspaceId) === channel) {
      channels.delete(channel.workspaceId);
    }
  }

  function onFanoutMessage(message: FanoutMessage): void {
    if (message.kind === "event") delivery.receive(message);
    else handleControl(message);
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (pathOf(request.url) !== EVENTS_PATH) {
      refuseUpgrade(socket, "404 Not Found");
      return;
    }
    if (closed) {
      refuseUpgrade(socket, "503 Service Unavailable");
      return;
    }
    server.handleUpgrade(request, socket, head, onOpen);
  }

  function onOpen(socket: WebSocket): void {
    const connection = new EventConnection(socket, now());
    sockets.set(socket, connection);
    awaitingHello.add(connection);
    // Shared listeners (`this` is the socket): no closure per connection.
    socket.on("message", onSocketMessage);
    socket.on("pong", onSocketPong);
    socket.on("close", onSocketClose);
    socket.on("error", onSocketError);
    if (closed) close(connection, closeReasons.serverRestart);
  }

  function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const connection = sockets.get(this);
    if (!connection || connection.state === "closing") return;
    connection.unansweredPings = 0;
    const parsed = parseClientFrame(data, isBinary);
    if (!parsed.ok) {
      close(connection, parsed.refusal);
      return;
    }
    const frame = parsed.frame;
    if (frame.type === "hello") {
      if (connection.state !== "awaiting-hello") {
        close(connection, closeReasons.badFrame);
        return;
      }
      track(handshake(connection, frame));
      return;
    }
    // The first frame must be the hello.
    if (connection.state === "awaiting-hello") {
      close(connection, closeReasons.badFrame);
      return;
    }
    this.send(JSON.stringify({ type: "pong", id: frame.id } satisfies ServerFrame));
  }

  function onSocketPong(this: WebSocket): void {
    const connection = sockets.get(this);
    if (connection) connection.unansweredPings = 0;
  }

  function onSocketError(this: WebSocket, error: Error): void {
    // ws closes the socket after an error (oversized or malformed frame, reset); the close event cleans up.
    logger.debug({ err: error }, "event connection error");
  }

  function onSocketClose(this: WebSocket): void {
    const connection = sockets.get(this);
    if (!connection) return;
    sockets.delete(this);
    connection.state = "closing";
    forget(connection);
    closing.delete(connection);
    if (connection.announced && connection.instanceId) {
      connection.announced = false;
      notify(deps.onInstanceDisconnected, connection.instanceId, connection.workspaceId);
    }
  }

  /** Into its workspace's channel: from here on it hears of every event, and catches up on the ones before. */
  function join(connection: EventConnection): void {
    awaitingHello.delete(connection);
    let channel = channels.get(connection.workspaceId);
    if (!channel) {
      channel = new WorkspaceChannel(connection.workspaceId);
      channels.set(connection.workspaceId, channel);
    }
    channel.connections.add(connection);
    connection.channel = channel;
    connection.state = "catching-up";
  }

  async function shutDown(): Promise<void> {
    closed = true;
    unsubscribe();
    upkeep.stop();
    for (const connection of [...sockets.values()]) close(connection, closeReasons.serverRestart);
    await waitUntil(() => sockets.size === 0, tuning.closeGraceMs);
    for (const socket of sockets.keys()) socket.terminate();
    await waitUntil(() => sockets.size === 0, 1000);
    // Handshakes and fills in progress end once they see their connection closed; a dependency that hangs
    // must not hold the shutdown, so the wait is bounded.
    await Promise.race([
      Promise.allSettled([...inFlight, upkeep.idle()]),
      new Promise((resolve) => setTimeout(resolve, tuning.closeGraceMs).unref()),
    ]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  function notify(
    callback: ((instanceId: string, workspaceId: string) => void) | undefined,
    instanceId: string,
    workspaceId: string,
  ): void {
    try {
      callback?.(instanceId, workspaceId);
    } catch (error) {
      logger.error({ err: error, instanceId }, "instance connection callback failed");
    }
  }

  return {
    handleUpgrade,
    connectionCount: () => sockets.size,
    close() {
      shutdown ??= shutDown();
      return shutdown;
    },
  };
}

function pathOf(url: string | undefined): string {
  if (!url) return "/";
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.on("error", () => {});
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
