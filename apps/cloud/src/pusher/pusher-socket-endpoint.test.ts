import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Fanout } from "../events/fanout.ts";
import { createLocalFanout } from "../events/local-fanout.ts";
import {
  createPusherSocketEndpoint,
  type PusherSocketEndpoint,
  type PusherTuning,
} from "./pusher-socket-endpoint.ts";
import { RawPusherSocket } from "./test-pusher-clients.ts";

const app = { key: "endpoint-key", secret: "endpoint-secret" };

describe("the Pusher endpoint's keep-alive and shutdown", () => {
  let server: Server | null = null;
  let endpoint: PusherSocketEndpoint | null = null;
  afterEach(async () => {
    await endpoint?.close();
    await new Promise((resolve) => server?.close(resolve));
    server = null;
    endpoint = null;
  });

  async function start(
    tuning: Partial<PusherTuning>,
    options: { fanout?: Fanout; maxBufferedBytes?: number } = {},
  ): Promise<string> {
    const started = createPusherSocketEndpoint({
      app,
      fanout: options.fanout ?? createLocalFanout(),
      logger: pino({ level: "silent" }),
      maxBufferedBytes: options.maxBufferedBytes ?? 1_048_576,
      tuning,
    });
    endpoint = started;
    server = createServer((_request, response) => response.writeHead(404).end());
    server.on("upgrade", (request, socket, head) => started.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("tells the client its activity timeout, pings it when it is silent, and closes with 4201 when no pong comes", async () => {
    const url = await start({ activityTimeoutSeconds: 1, pongTimeoutMs: 300, sweepIntervalMs: 50 });
    const socket = new RawPusherSocket(url, `/app/${app.key}?protocol=7`);
    const established = await socket.next((frame) => frame.event === "pusher:connection_established");
    expect(JSON.parse(established.data as string)).toEqual({
      socket_id: expect.stringMatching(/^\d+\.\d+$/),
      activity_timeout: 1,
    });
    await socket.next((frame) => frame.event === "pusher:ping", 3000);
    const closed = await socket.closed;
    expect(closed.code).toBe(4201);
    expect(socket.frames.at(-1)).toEqual({
      event: "pusher:error",
      data: { code: 4201, message: "Pong reply not received" },
    });
  });

  it("keeps a client that answers its pings", async () => {
    const url = await start({ activityTimeoutSeconds: 1, pongTimeoutMs: 300, sweepIntervalMs: 50 });
    const socket = new RawPusherSocket(url, `/app/${app.key}?protocol=7`);
    await socket.socketId();
    let answered = 0;
    const deadline = Date.now() + 2500;
    while (Date.now() < deadline) {
      const pings = socket.frames.filter((frame) => frame.event === "pusher:ping").length;
      if (pings > answered) {
        socket.send({ event: "pusher:pong", data: {} });
        answered = pings;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(endpoint?.connectionCount()).toBe(1);
    socket.close();
  });

  it("closes its clients with 4200 on shutdown, so they reconnect at once", async () => {
    const url = await start({});
    const socket = new RawPusherSocket(url, `/app/${app.key}?protocol=7`);
    await socket.socketId();
    await endpoint?.close();
    expect((await socket.closed).code).toBe(4200);
  });

  it("survives hostile connection URLs: a malformed escape in the key, an oversized protocol value", async () => {
    const url = await start({});
    expect((await new RawPusherSocket(url, "/app/%E0%A4%A?protocol=7").closed).code).toBe(4001);
    const long = new RawPusherSocket(url, `/app/${app.key}?protocol=${"9".repeat(500)}`);
    expect((await long.closed).code).toBe(4007);
    const fine = new RawPusherSocket(url, `/app/${app.key}?protocol=7`);
    expect(await fine.socketId()).toMatch(/^\d+\.\d+$/);
    fine.close();
  });

  it("closes a client that stops reading with 4100, after the events it was sent", async () => {
    const fanout = createLocalFanout();
    const url = await start({}, { fanout, maxBufferedBytes: 64 * 1024 });
    const client = new WebSocket(`${url.replace(/^http/, "ws")}/app/${app.key}?protocol=7`);
    const frames: Array<{ event: string; data?: unknown }> = [];
    client.on("message", (data) => frames.push(JSON.parse(data.toString())));
    const closed = new Promise<number>((resolve) => client.on("close", (code) => resolve(code)));
    await new Promise((resolve) => client.once("open", resolve));
    await expect.poll(() => frames.length).toBe(1);
    client.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "flood" } }));
    await expect.poll(() => frames.length).toBe(2);

    // The client's socket stops reading; the Cloud keeps sending until its own buffer passes the limit.
    (client as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const data = "x".repeat(10_000);
    // Once it is closed, the connection has left the channel and further events go nowhere.
    for (let sent = 0; sent < 5000; sent += 1) {
      await fanout.publish({
        kind: "pusher-event",
        channels: ["flood"],
        event: "e",
        data,
        exceptSocketId: null,
      });
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(4100);
    expect(frames.at(-1)).toEqual({
      event: "pusher:error",
      data: { code: 4100, message: "Over capacity: too many undelivered events" },
    });
    expect(frames.filter((frame) => frame.event === "e").length).toBeGreaterThan(0);
  });

  it("answers a path other than /app/<key> with 4005", async () => {
    const url = await start({});
    const socket = new RawPusherSocket(url, `/app/${app.key}/extra?protocol=7`);
    expect((await socket.closed).code).toBe(4005);
  });
});
