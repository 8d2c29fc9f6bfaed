import {
  StreamClientFrame as ClientFrameSchema,
  PROTOCOL_VERSION,
  type RunEvent,
  type StreamClientFrame,
  socketStates,
  type WebSocketLike,
  type WebSocketLikeEventMap,
} from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { subscribeRunEvents } from "./run-event-subscription.ts";

/*
 * The subscription's own bookkeeping (resume cursors, frame limits, which closes end it), driven through a
 * scripted socket: the `openWebSocket` dependency every caller passes. The real server is in apps/gateway.
 */

type Listener = (event: unknown) => void;

class ScriptedSocket implements WebSocketLike {
  readyState: number = socketStates.CONNECTING;
  readonly sent: StreamClientFrame[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  addEventListener<K extends keyof WebSocketLikeEventMap>(
    type: K,
    listener: (event: WebSocketLikeEventMap[K]) => void,
  ) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener as Listener]);
  }
  send(data: string) {
    this.sent.push(ClientFrameSchema.parse(JSON.parse(data)));
  }
  close(code = 1000, reason = "") {
    this.serverClose(code, reason);
  }
  open() {
    this.readyState = socketStates.OPEN;
    this.emit("open", {});
  }
  frame(value: unknown) {
    this.emit("message", { data: JSON.stringify(value) });
  }
  serverClose(code: number, reason = "") {
    if (this.readyState === socketStates.CLOSED) return;
    this.readyState = socketStates.CLOSED;
    this.emit("close", { code, reason });
  }
  private emit(type: string, event: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

const runIdOf = (index: number) => `run_01j${String(index).padStart(23, "0")}`;
const at = "2026-01-01T00:00:00.000Z";

function eventFrame(runId: string, seq: number) {
  return {
    type: "run-event",
    runId,
    seq,
    at,
    event: { type: "usage", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
  };
}

function harness(options: { subscribe: "all" | string[]; after?: Record<string, number> }) {
  const sockets: ScriptedSocket[] = [];
  const received: RunEvent[] = [];
  const subscription = subscribeRunEvents({
    ...options,
    url: "ws://127.0.0.1:4801/v1/stream",
    token: "tok",
    openWebSocket: () => {
      const socket = new ScriptedSocket();
      sockets.push(socket);
      return socket;
    },
    onEvent: (event) => received.push(event),
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
  });
  const latest = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error("no socket");
    return socket;
  };
  const nextSocket = async (count: number) => {
    while (sockets.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
    return latest();
  };
  return { sockets, received, subscription, latest, nextSocket };
}

describe("subscribeRunEvents", () => {
  it("sends the token first and resumes after the last seq, dropping repeats", async () => {
    const run = runIdOf(1);
    const { received, subscription, latest, nextSocket } = harness({ subscribe: [run], after: { [run]: 2 } });
    latest().open();
    expect(latest().sent).toEqual([
      { type: "hello", protocol: PROTOCOL_VERSION, token: "tok", subscribe: [run], after: { [run]: 2 } },
    ]);
    latest().frame({ type: "welcome", protocol: PROTOCOL_VERSION, subscribed: [run] });
    for (const seq of [3, 4, 4, 2]) latest().frame(eventFrame(run, seq));
    latest().serverClose(4429, "Too far behind");

    const second = await nextSocket(2);
    second.open();
    expect(second.sent[0]).toMatchObject({ type: "hello", after: { [run]: 4 } });
    for (const seq of [4, 5]) second.frame(eventFrame(run, seq));
    expect(received.map((event) => event.seq)).toEqual([3, 4, 5]);
    expect(received[0]).not.toHaveProperty("type");
    subscription.close();
    expect(await subscription.stopped).toBeNull();
  });

  it("splits many runs over the hello and subscribe frames, within the protocol's limits", async () => {
    const runs = Array.from({ length: 250 }, (_, index) => runIdOf(index));
    const { latest, subscription } = harness({ subscribe: runs });
    latest().open();
    const frames = latest().sent;
    expect(frames.map((frame) => frame.type)).toEqual(["hello", "subscribe", "subscribe"]);
    const named = frames.flatMap((frame) =>
      frame.type === "hello" && frame.subscribe !== "all"
        ? frame.subscribe
        : frame.type === "subscribe"
          ? frame.runIds
          : [],
    );
    expect(named).toEqual(runs);
    subscription.close();
  });

  it("with `all`, resumes the newest runs it has seen, at most 1000 of them", async () => {
    const { latest, nextSocket, subscription } = harness({ subscribe: "all" });
    latest().open();
    for (let index = 0; index < 1100; index += 1) latest().frame(eventFrame(runIdOf(index), 1));
    latest().serverClose(1012);
    const second = await nextSocket(2);
    second.open();
    const hello = second.sent[0];
    if (hello?.type !== "hello") throw new Error("expected a hello");
    expect(hello.subscribe).toBe("all");
    expect(Object.keys(hello.after ?? {})).toHaveLength(1000);
    expect(hello.after?.[runIdOf(1099)]).toBe(1);
    expect(hello.after?.[runIdOf(0)]).toBeUndefined();
    subscription.close();
  });

  it("stops on a refused token with the gateway's error, and does not reconnect", async () => {
    const { latest, sockets, subscription } = harness({ subscribe: "all" });
    latest().open();
    latest().frame({ type: "error", code: "AUTH_INVALID", message: "The API token is not this gateway's" });
    latest().serverClose(4402, "The API token is not this gateway's");
    const stopped = await subscription.stopped;
    expect(stopped).toMatchObject({ code: "AUTH_INVALID", message: "The API token is not this gateway's" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sockets).toHaveLength(1);
  });

  it("forgets a run the gateway does not know and keeps the others", async () => {
    const [known, unknown] = [runIdOf(1), runIdOf(2)];
    const errors: unknown[] = [];
    const sockets: ScriptedSocket[] = [];
    const subscription = subscribeRunEvents({
      subscribe: [known, unknown],
      url: "ws://x",
      token: "tok",
      openWebSocket: () => {
        sockets.push(new ScriptedSocket());
        return sockets.at(-1) as ScriptedSocket;
      },
      onEvent: () => {},
      onError: (error) => errors.push(error),
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    sockets[0]?.open();
    sockets[0]?.frame({ type: "error", code: "NOT_FOUND", message: "No such run", runId: unknown });
    expect(errors).toEqual([expect.objectContaining({ code: "NOT_FOUND", runId: unknown })]);
    sockets[0]?.serverClose(1012);
    while (sockets.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    sockets[1]?.open();
    expect(sockets[1]?.sent[0]).toMatchObject({ subscribe: [known] });
    subscription.close();
  });

  it("close() cancels a pending reconnect", async () => {
    const { latest, sockets, subscription } = harness({ subscribe: "all" });
    latest().open();
    latest().serverClose(1012);
    subscription.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sockets).toHaveLength(1);
    expect(await subscription.stopped).toBeNull();
  });
});
