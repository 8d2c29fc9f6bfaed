import type { RunEvent } from "@multiclaw/protocol";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { createRunDelivery, serialiseRunEvent } from "./run-delivery.ts";
import { StreamConnection } from "./stream-connection.ts";

const runId = "run_00000000000000000000000001";

function event(seq: number, body: RunEvent["event"]): RunEvent {
  return { runId, seq, at: "2026-01-01T00:00:00.000Z", event: body };
}

/** A delivery that records what it sends, and an open connection to it. */
function deliveryAndConnection(subscribedToAll: boolean) {
  const sent: string[] = [];
  const delivery = createRunDelivery({
    store: { listEvents: async () => [] },
    logger: pino({ level: "silent" }),
    pageSize: 100,
    send: (_connection, frame) => sent.push(frame),
    flushed: async () => true,
    failed: () => {},
    track: () => {},
  });
  const connection = new StreamConnection({} as WebSocket, {} as never);
  connection.state = "open";
  connection.all = subscribedToAll;
  const live = (one: RunEvent) => delivery.live(connection, one, () => serialiseRunEvent(one));
  return { sent, connection, live };
}

const running = event(1, { type: "run-state", state: "running", error: null });
const usage = event(2, { type: "usage", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
const completed = event(3, { type: "run-state", state: "completed", error: null });

describe("live run events", () => {
  it("on a connection subscribed to every run: sent in order, and the run forgotten once it has ended", () => {
    const { sent, connection, live } = deliveryAndConnection(true);
    live(running);
    live(usage);
    expect(connection.cursors.get(runId)).toMatchObject({ lastSent: 2, viaAll: true });
    live(completed);
    expect(sent).toEqual([running, usage, completed].map(serialiseRunEvent));
    expect(connection.cursors.has(runId)).toBe(false);
  });

  it("for a run subscribed by name: its cursor stays after the end, so a second subscription sends nothing", () => {
    const { sent, connection, live } = deliveryAndConnection(false);
    connection.cursors.set(runId, { lastSent: 0, filling: false, target: 0, viaAll: false });
    for (const one of [running, usage, completed]) live(one);
    expect(sent).toEqual([running, usage, completed].map(serialiseRunEvent));
    expect(connection.cursors.get(runId)).toMatchObject({ lastSent: 3 });
  });
});
