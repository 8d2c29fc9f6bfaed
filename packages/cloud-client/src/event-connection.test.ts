import {
  eventCloseCodes,
  type ServerFrame,
  socketStates,
  type WebSocketLike,
  type WebSocketLikeEventMap,
} from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { openEventConnection } from "./event-connection.ts";
import { classifyStreamClose } from "./stream-close.ts";
import type { Timers } from "./timers.ts";

/*
 * The socket is the boundary here: a scripted peer that speaks the Cloud's frames (the gateway's tests run the
 * same code over a real WebSocket against a real Cloud).
 */

type Listener = (event: never) => void;

class ScriptedSocket implements WebSocketLike {
  readyState: number = socketStates.CONNECTING;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener<K extends keyof WebSocketLikeEventMap>(
    type: K,
    listener: (event: WebSocketLikeEventMap[K]) => void,
  ): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener as Listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = socketStates.CLOSING;
  }

  emit<K extends keyof WebSocketLikeEventMap>(type: K, event: WebSocketLikeEventMap[K]): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: unknown) => void)(event);
  }

  open(): void {
    this.readyState = socketStates.OPEN;
    this.emit("open", {});
  }

  receive(frame: ServerFrame): void {
    this.emit("message", { data: JSON.stringify(frame) });
  }

  closeFromServer(code: number, reason = ""): void {
    this.readyState = socketStates.CLOSED;
    this.emit("close", { code, reason });
  }
}

function manualTimers(): Timers & { advance(ms: number): void } {
  let current = 0;
  let tasks: Array<{ at: number; run: () => void }> = [];
  return {
    now: () => current,
    schedule(callback, delayMs) {
      const task = { at: current + delayMs, run: callback };
      tasks.push(task);
      return () => {
        tasks = tasks.filter((item) => item !== task);
      };
    },
    advance(ms) {
      const until = current + ms;
      for (;;) {
        const next = tasks.filter((task) => task.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        tasks = tasks.filter((task) => task !== next);
        current = next.at;
        next.run();
      }
      current = until;
    },
  };
}

const workspaceId = "ws_01j9zzzzzzzzzzzzzzzzzzzzzz";
const userId = "usr_01j9zzzzzzzzzzzzzzzzzzzzzz";
const instanceId = "ins_01j9zzzzzzzzzzzzzzzzzzzzzz";

function welcome(seq: number, pingIntervalMs = 1000): ServerFrame {
  return { type: "welcome", protocol: 1, workspaceId, seq, pingIntervalMs, heartbeatIntervalMs: 15_000 };
}

function presenceEvent(seq: number): ServerFrame {
  return {
    type: "event",
    workspaceId,
    seq,
    at: "2030-01-01T00:00:00.000Z",
    event: { name: "instance-presence", instanceId, userId, presence: "connected" },
  };
}

function connect(lastSeq?: number) {
  const timers = manualTimers();
  let socket: ScriptedSocket | undefined;
  const seen: number[] = [];
  const resyncs: number[] = [];
  const connection = openEventConnection({
    url: "ws://cloud.test/v1/events",
    openSocket: (url) => {
      socket = new ScriptedSocket(url);
      return socket;
    },
    token: "mca_token",
    workspaceId,
    ...(lastSeq === undefined ? {} : { lastSeq }),
    onEvent: (frame) => seen.push(frame.seq),
    onResync: (frame) => resyncs.push(frame.seq),
    timers,
  });
  if (!socket) throw new Error("no socket opened");
  return { connection, socket, timers, seen, resyncs };
}

describe("one event-stream connection", () => {
  it("says hello with the token and the last event number, and never puts the token in the URL", () => {
    const { socket } = connect(41);
    socket.open();
    expect(socket.url).toBe("ws://cloud.test/v1/events");
    expect(socket.sent).toEqual([
      { type: "hello", protocol: 1, token: "mca_token", workspaceId, lastSeq: 41 },
    ]);
    expect(connect().socket.sent).toEqual([]);
  });

  it("delivers each event once and in order, and ends to resume when one is missing", async () => {
    const { socket, seen, connection } = connect(10);
    socket.open();
    socket.receive(welcome(12));
    socket.receive(presenceEvent(11));
    socket.receive(presenceEvent(11));
    socket.receive(presenceEvent(12));
    socket.receive(presenceEvent(10));
    expect(seen).toEqual([11, 12]);
    expect(connection.lastSeq()).toBe(12);
    socket.receive(presenceEvent(14));
    expect(await connection.ended).toMatchObject({ action: "reconnect", byClient: true, welcomed: true });
    expect(seen).toEqual([11, 12]);
    expect(connection.lastSeq()).toBe(12);
  });

  it("starts from the welcome's number on a first connection and passes a resync on", () => {
    const first = connect();
    first.socket.open();
    first.socket.receive(welcome(7));
    expect(first.connection.lastSeq()).toBe(7);
    first.socket.receive(presenceEvent(8));
    expect(first.seen).toEqual([8]);

    const behind = connect(3);
    behind.socket.open();
    behind.socket.receive(welcome(500));
    behind.socket.receive({ type: "resync", workspaceId, seq: 500, oldestRetainedSeq: 400 });
    behind.socket.receive(presenceEvent(501));
    expect(behind.resyncs).toEqual([500]);
    expect(behind.seen).toEqual([501]);
  });

  it("pings at the Cloud's interval and ends the connection when nothing comes back", async () => {
    const { socket, timers, connection } = connect(0);
    socket.open();
    socket.receive(welcome(0, 1000));
    timers.advance(1000);
    expect(socket.sent.at(-1)).toEqual({ type: "ping", id: 1 });
    socket.receive({ type: "pong", id: 1 });
    let ended = false;
    void connection.ended.then(() => {
      ended = true;
    });
    timers.advance(1000);
    expect(socket.sent.at(-1)).toEqual({ type: "ping", id: 2 });
    await Promise.resolve();
    expect(ended).toBe(false);
    // Two intervals since the last frame (the pong at 1 s), and the second ping is unanswered.
    timers.advance(1000);
    expect(await connection.ended).toMatchObject({ action: "reconnect", byClient: true });
    expect(socket.closedWith?.code).toBe(1000);
  });

  it("gives up on a Cloud that never welcomes", async () => {
    const { socket, timers, connection } = connect(0);
    socket.open();
    timers.advance(15_000);
    expect(await connection.ended).toMatchObject({ action: "reconnect", welcomed: false, byClient: true });
  });

  it("reads a revoked instance from the error frame before the close", async () => {
    const { socket, connection } = connect(0);
    socket.open();
    socket.receive({ type: "error", code: "INSTANCE_REVOKED", message: "This instance has been revoked" });
    socket.closeFromServer(eventCloseCodes.AUTH_INVALID, "This instance has been revoked");
    expect(await connection.ended).toEqual({
      action: "stop",
      stopReason: "instance-revoked",
      closeCode: eventCloseCodes.AUTH_INVALID,
      reason: "This instance has been revoked",
      errorCode: "INSTANCE_REVOKED",
      welcomed: false,
      byClient: false,
    });
  });

  it("reports a lost link as abnormal closure with the socket's error", async () => {
    const { socket, connection } = connect(0);
    socket.emit("error", { error: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    socket.closeFromServer(0);
    expect(await connection.ended).toMatchObject({
      action: "reconnect",
      closeCode: 1006,
      reason: "connect ECONNREFUSED 127.0.0.1:9",
    });
  });
});

describe("a socket that cannot even be opened", () => {
  it("ends at once, carrying the refusal's code", async () => {
    const connection = openEventConnection({
      url: "ws://cloud.test/v1/events",
      openSocket: () => {
        throw Object.assign(new Error("egress blocked: row cloud-events is blocked"), {
          code: "EGRESS_BLOCKED",
        });
      },
      token: "mca_token",
      workspaceId,
      onEvent: () => undefined,
      timers: manualTimers(),
    });
    expect(await connection.ended).toMatchObject({
      action: "reconnect",
      errorCode: "EGRESS_BLOCKED",
      reason: "egress blocked: row cloud-events is blocked",
    });
  });
});

describe("what a close code means", () => {
  it.each([
    [eventCloseCodes.SERVER_RESTART, null, "reconnect"],
    [eventCloseCodes.SLOW_CONSUMER, null, "reconnect"],
    [eventCloseCodes.PING_TIMEOUT, null, "reconnect"],
    [eventCloseCodes.HELLO_TIMEOUT, "BAD_REQUEST", "reconnect"],
    [1006, null, "reconnect"],
    [eventCloseCodes.AUTH_EXPIRED, "AUTH_EXPIRED", "reauthenticate"],
    [eventCloseCodes.AUTH_INVALID, "AUTH_INVALID", "reauthenticate"],
    [eventCloseCodes.AUTH_REQUIRED, "AUTH_REQUIRED", "reauthenticate"],
    [eventCloseCodes.AUTH_INVALID, "INSTANCE_REVOKED", "stop"],
    [eventCloseCodes.MEMBERSHIP_REVOKED, "NOT_FOUND", "stop"],
    [eventCloseCodes.PROTOCOL_UNSUPPORTED, "PROTOCOL_UNSUPPORTED", "stop"],
  ] as const)("close %i with %s → %s", (closeCode, errorCode, action) => {
    expect(classifyStreamClose(closeCode, errorCode).action).toBe(action);
  });
});
