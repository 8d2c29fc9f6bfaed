import { GATEWAY_STREAM_PATH, PROTOCOL_VERSION, type Run } from "@multiclaw/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { type FakeGateway, newId } from "./test-local-api-deps.ts";
import { eventually, StreamTestClient } from "./test-stream-client.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startTestLocalApi>[0] = {}): Promise<TestLocalApi> {
  const api = await startTestLocalApi(options);
  cleanups.push(() => api.close());
  return api;
}

function streamUrl(api: TestLocalApi): string {
  return `ws://127.0.0.1:${api.running.port}${GATEWAY_STREAM_PATH}`;
}

async function connect(api: TestLocalApi, headers: Record<string, string> = {}): Promise<StreamTestClient> {
  const client = await StreamTestClient.open(streamUrl(api), headers);
  cleanups.push(() => client.close());
  return client;
}

async function startRun(fake: FakeGateway): Promise<Run> {
  const agentId = fake.agents[0]?.id ?? "";
  return fake.deps.engine.startRun({ agentId, mode: "chat", text: "hello" });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe("the stream's first frame", () => {
  it("must be a hello carrying the API token", async () => {
    const api = await started();
    const run = await startRun(api.fake);

    const pinger = await connect(api);
    pinger.send({ type: "ping", id: 1 });
    expect(await pinger.closed).toEqual({ code: 4401, reason: expect.any(String) });
    expect(pinger.frames).toEqual([{ type: "error", code: "AUTH_REQUIRED", message: expect.any(String) }]);

    const wrong = await connect(api);
    wrong.send({ type: "hello", protocol: PROTOCOL_VERSION, token: "x".repeat(43), subscribe: [run.id] });
    expect((await wrong.closed).code).toBe(4402);
    expect(wrong.frames).toEqual([{ type: "error", code: "AUTH_INVALID", message: expect.any(String) }]);

    const tokenless = await connect(api);
    tokenless.send({ type: "hello", protocol: PROTOCOL_VERSION, subscribe: [run.id] });
    expect((await tokenless.closed).code).toBe(4401);

    const binary = await connect(api);
    binary.socket.send(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).toBe(4401);

    const newer = await connect(api);
    newer.send({ type: "hello", protocol: 99, token: api.token, subscribe: "all", future: true });
    expect((await newer.closed).code).toBe(4000);
    expect(newer.events()).toEqual([]);
  });

  it("closes a connection that sends no hello in time", async () => {
    const api = await started({ stream: { helloTimeoutMs: 100 } });
    const silent = await connect(api);
    await startRun(api.fake);
    expect((await silent.closed).code).toBe(4408);
    expect(silent.events()).toEqual([]);
  });

  it("refuses a second hello as a bad frame", async () => {
    const api = await started();
    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: "all" });
    client.send({ type: "hello", protocol: PROTOCOL_VERSION, token: api.token, subscribe: "all" });
    expect((await client.closed).code).toBe(4001);
  });
});

describe("the stream's upgrade", () => {
  it("refuses a foreign Host or Origin and any other path", async () => {
    const api = await started({ allowedOrigins: ["http://127.0.0.1:5173"] });
    const { port } = api.running;
    await expect(
      StreamTestClient.open(streamUrl(api), { host: `evil.example:${port}` }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      StreamTestClient.open(streamUrl(api), { origin: "http://evil.example" }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(StreamTestClient.open(`ws://127.0.0.1:${port}/v1/other`)).rejects.toMatchObject({
      status: 404,
    });
    const app = await connect(api, { origin: "http://127.0.0.1:5173" });
    await app.hello({ token: api.token, subscribe: "all" });
    expect(api.running.api.stream.connectionCount()).toBe(1);
  });
});

describe("replay and live delivery", () => {
  it("replays stored events after `after`, then live ones, with no gap or repeat under concurrent appends", async () => {
    const api = await started({ stream: { replayPageSize: 7 } });
    const { fake } = api;
    fake.readDelayTurns = 2;
    const run = await startRun(fake);
    for (let index = 0; index < 59; index += 1) await fake.append(run.id);

    // Several clients join at different points while a producer keeps appending.
    const producer = (async () => {
      for (let index = 0; index < 140; index += 1) {
        await fake.append(run.id);
        if (index % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const clients = await Promise.all(
      [0, 13, 20, 45, 60].map(async (after) => {
        const client = await connect(api);
        await client.hello({ token: api.token, subscribe: [run.id], after: { [run.id]: after } });
        return { client, after };
      }),
    );
    await producer;
    expect(fake.events.get(run.id)).toHaveLength(200);
    for (const { client, after } of clients) {
      await client.waitForSeq(run.id, 200);
      expect(client.seqs(run.id)).toEqual(range(after + 1, 200));
      expect(client.invalidFrames).toEqual([]);
    }
  });

  it("sends an event announced while the replay was reading, though the read missed it", async () => {
    const api = await started();
    const { fake } = api;
    const run = await startRun(fake);
    await fake.append(run.id);
    await fake.append(run.id);
    fake.duringNextRead = () => fake.append(run.id);
    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: [run.id] });
    await client.waitForSeq(run.id, 4);
    expect(client.seqs(run.id)).toEqual([1, 2, 3, 4]);
  });

  it("replays a run from its first event when no `after` is given", async () => {
    const api = await started();
    const run = await startRun(api.fake);
    await api.fake.append(run.id);
    const client = await connect(api);
    const welcome = await client.hello({ token: api.token, subscribe: [run.id, run.id] });
    expect(welcome).toEqual({ type: "welcome", protocol: PROTOCOL_VERSION, subscribed: [run.id] });
    await client.waitForSeq(run.id, 2);
    expect(client.seqs(run.id)).toEqual([1, 2]);
    expect(client.events(run.id)[0]).toMatchObject({
      type: "run-event",
      runId: run.id,
      event: { type: "run-state" },
    });
  });

  it("puts events announced out of order back in order, once each", async () => {
    const api = await started();
    const { fake } = api;
    const run = await startRun(fake);
    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: [run.id] });
    await client.waitForSeq(run.id, 1);
    const second = fake.store(run.id);
    const third = fake.store(run.id);
    fake.announce(third);
    fake.announce(second);
    fake.announce(third);
    await client.waitForSeq(run.id, 3);
    await fake.append(run.id);
    await client.waitForSeq(run.id, 4);
    expect(client.seqs(run.id)).toEqual([1, 2, 3, 4]);
  });

  it("with `all`, streams every run's live events and replays the runs named in `after`", async () => {
    const api = await started();
    const { fake } = api;
    const earlier = await startRun(fake);
    await fake.append(earlier.id);
    await fake.append(earlier.id);
    const untouched = await startRun(fake);

    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: "all", after: { [earlier.id]: 1 } });
    await client.waitForSeq(earlier.id, 3);
    const later = await startRun(fake);
    await fake.append(later.id);
    await fake.append(untouched.id);
    await client.waitForSeq(later.id, 2);
    await client.waitForSeq(untouched.id, 2);
    expect(client.seqs(earlier.id)).toEqual([2, 3]);
    expect(client.seqs(later.id)).toEqual([1, 2]);
    // A run not named in `after` starts live: its stored first event is not replayed.
    expect(client.seqs(untouched.id)).toEqual([2]);
  });

  it("adds runs to an open stream, and reports an unknown run without closing", async () => {
    const api = await started();
    const { fake } = api;
    const first = await startRun(fake);
    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: [first.id] });
    const second = await startRun(fake);
    await fake.append(second.id);
    const unknown = newId("run");
    client.send({ type: "subscribe", runIds: [second.id, unknown] });
    await client.waitForSeq(second.id, 2);
    await client.waitFor("the error", () => client.frames.find((frame) => frame.type === "error"));
    expect(client.frames).toContainEqual({
      type: "error",
      code: "NOT_FOUND",
      message: "No such run",
      runId: unknown,
    });
    client.send({ type: "ping", id: 7 });
    await client.waitFor("pong", () =>
      client.frames.find((frame) => frame.type === "pong" && frame.id === 7),
    );
    expect(client.closeInfo).toBeNull();
  });
});

describe("back-pressure", () => {
  it("closes a consumer that stops reading, and the client learns why", async () => {
    const api = await started({ stream: { maxBufferedBytes: 64 * 1024, closeGraceMs: 10_000 } });
    const { fake } = api;
    const run = await startRun(fake);
    const client = await connect(api);
    await client.hello({ token: api.token, subscribe: [run.id] });
    await client.waitForSeq(run.id, 1);
    client.socket.pause();
    const messageId = newId("msg");
    const slowLogged = () =>
      api.logs.some((line) => line.msg === "closing a slow run-event consumer" && line.why === "buffer-full");
    for (let index = 0; index < 4000 && !slowLogged(); index += 1) {
      await fake.append(run.id, { type: "text-delta", messageId, delta: "y".repeat(16 * 1024) });
      if (index % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(slowLogged()).toBe(true);
    const sentBefore = fake.events.get(run.id)?.length ?? 0;
    await fake.append(run.id);
    client.socket.resume();
    expect((await client.closed).code).toBe(4429);
    // Everything it was sent arrived in order; nothing after the close decision.
    const seqs = client.seqs(run.id);
    expect(seqs).toEqual(range(1, seqs.length));
    expect(seqs.length).toBeLessThan(sentBefore + 1);
    await eventually("the connection to go", () => api.running.api.stream.connectionCount() === 0);
  });

  it("closes a consumer whose replay does not drain", async () => {
    // Pages small enough never to fill the buffer: only the stalled flush can tell.
    const api = await started({ stream: { flushTimeoutMs: 200, replayPageSize: 10 } });
    const { fake } = api;
    const run = await startRun(fake);
    const messageId = newId("msg");
    for (let index = 0; index < 800; index += 1) {
      fake.store(run.id, { type: "text-delta", messageId, delta: "z".repeat(32 * 1024) });
    }
    const client = await connect(api);
    client.send({ type: "hello", protocol: PROTOCOL_VERSION, token: api.token, subscribe: [run.id] });
    client.socket.pause();
    await eventually("the slow-consumer log", () =>
      api.logs.some(
        (line) => line.msg === "closing a slow run-event consumer" && line.why === "replay-stalled",
      ),
    );
    client.socket.resume();
    expect((await client.closed).code).toBe(4429);
  });
});

describe("stopping", () => {
  it("closes connections with SERVER_RESTART and stops listening to the engine", async () => {
    const api = await startTestLocalApi();
    const client = await StreamTestClient.open(streamUrl(api));
    await client.hello({ token: api.token, subscribe: "all" });
    expect(api.fake.listenerCount()).toBe(1);
    await api.close();
    expect((await client.closed).code).toBe(1012);
    expect(api.fake.listenerCount()).toBe(0);
    const refused = new WebSocket(streamUrl(api));
    await new Promise((resolve) => refused.once("error", resolve));
  });
});
