import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { monotonicMs } from "./clock.ts";
import { createFleet, type Fleet } from "./fleet.ts";
import type { ClientScript } from "./fleet-messages.ts";

// A toy event server: "hello" → "ready"; broadcast() sends one event to every client that said hello, except
// the ones told to stay silent.
let server: WebSocketServer;
let script: ClientScript;
const silent = new Set<number>();
let nextClient = 0;

function broadcast(): void {
  let index = 0;
  for (const client of server.clients) {
    if (!silent.has(index++)) {
      client.send('{"type":"tick"}');
      client.send('{"type":"tick"}'); // a duplicate must not count twice
    }
  }
}

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  server.on("connection", (socket) => {
    nextClient++;
    socket.on("message", (data) => {
      if (String(data) === "hello") socket.send('{"type":"ready"}');
      if (String(data) === "ping?") socket.send("pong!");
    });
  });
  script = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    openFrame: "hello",
    readyMarker: '"ready"',
    eventMarker: '"tick"',
    replies: [],
  };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("the client fleet", () => {
  let fleet: Fleet;
  afterAll(async () => {
    await fleet.close();
  });

  it("records one arrival per client, after the trigger, across worker processes", async () => {
    fleet = createFleet({ workers: 2 });
    await fleet.connect(script, 25);
    expect(nextClient).toBe(25);
    let sentAt = 0;
    const seen = await fleet.trial(
      1,
      async () => {
        sentAt = monotonicMs();
        broadcast();
        return sentAt;
      },
      5000,
    );
    expect(seen.arrivals).toHaveLength(25);
    for (const arrival of seen.arrivals) {
      expect(arrival).toBeGreaterThanOrEqual(sentAt);
      expect(arrival - sentAt).toBeLessThan(5000);
    }
    expect(seen.frameBytes).toBe('{"type":"tick"}'.length);
  });

  it("reports a client that never got the event as missing once the trial times out", async () => {
    silent.add(3);
    const seen = await fleet.trial(2, async () => broadcast(), 2000);
    silent.clear();
    expect(seen.arrivals.filter((arrival) => Number.isNaN(arrival))).toHaveLength(1);
    expect(seen.arrivals.filter((arrival) => !Number.isNaN(arrival))).toHaveLength(24);
  });
});
