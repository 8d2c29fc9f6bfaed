import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { progressChannelName } from "@multiclaw/protocol";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  connected,
  connectPusherJs,
  type PusherTarget,
  pusherServer,
  RawPusherSocket,
  record,
  subscribed,
} from "../pusher/test-pusher-clients.ts";
import { call, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

describe("the Cloud's Pusher-protocol endpoint, with the official libraries", () => {
  let test: TestCloud;
  let target: PusherTarget;
  const cleanups: Array<() => void> = [];
  const logs: string[] = [];
  beforeAll(async () => {
    // No Pusher settings: the embedded default, with the app the Cloud generated into its data directory.
    test = await startTestCloud({
      logger: pino({ level: "trace" }, { write: (line: string) => logs.push(line) }),
    });
    const generated = JSON.parse(
      await readFile(join(test.dataDir, "cloud", "pusher-app.json"), "utf8"),
    ) as Omit<PusherTarget, "cloudUrl">;
    target = { cloudUrl: test.cloud.url, ...generated };
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  afterAll(async () => {
    await test.close();
    // Everything above, refusals included, was logged at the finest level; the app secret never was.
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(target.secret))).toEqual([]);
  });

  function track<T extends { disconnect(): void } | { close(): void }>(client: T): T {
    cleanups.push(() => ("disconnect" in client ? client.disconnect() : client.close()));
    return client;
  }

  it("delivers events triggered by the pusher library to pusher-js on a public and on the user's private channel", async () => {
    const user = await signUp(test.cloud.url, "Watcher");
    const client = track(connectPusherJs(test.cloud.url, target.key, user.tokens.accessToken));
    await connected(client);
    const news = await subscribed(client, "news");
    const own = await subscribed(client, progressChannelName(user.user.id));
    const onNews = record(news, "headline");
    const progress = record(own, "operation-progressed");

    const server = pusherServer(target);
    const answer = await server.trigger("news", "headline", { title: "Hello" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({});
    await server.trigger(progressChannelName(user.user.id), "operation-progressed", { percent: 40 });
    await server.triggerBatch([
      { channel: progressChannelName(user.user.id), name: "operation-progressed", data: { percent: 80 } },
      { channel: "news", name: "headline", data: { title: "Again" } },
    ]);

    await expect.poll(() => progress).toEqual([{ percent: 40 }, { percent: 80 }]);
    await expect.poll(() => onNews).toEqual([{ title: "Hello" }, { title: "Again" }]);
  });

  it("leaves out the socket a trigger names as excluded, and stops after unsubscribe", async () => {
    const [a, b] = [
      track(connectPusherJs(test.cloud.url, target.key)),
      track(connectPusherJs(test.cloud.url, target.key)),
    ];
    const socketA = await connected(a);
    await connected(b);
    const [onA, onB] = [
      record(await subscribed(a, "room"), "said"),
      record(await subscribed(b, "room"), "said"),
    ];
    const server = pusherServer(target);
    await server.trigger("room", "said", { n: 1 }, { socket_id: socketA });
    await expect.poll(() => onB).toEqual([{ n: 1 }]);
    b.unsubscribe("room");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.trigger("room", "said", { n: 2 });
    await expect.poll(() => onA).toEqual([{ n: 2 }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onB).toEqual([{ n: 1 }]);
  });

  it("signs only the caller's own progress channel", async () => {
    const owner = await signUp(test.cloud.url, "Owner");
    const other = await signUp(test.cloud.url, "Other");
    const ownChannel = progressChannelName(owner.user.id);
    const mine = await call<{ auth: string }>(test.cloud.url, "POST", "/v1/progress/channel-auth", {
      token: owner.tokens.accessToken,
      body: { socket_id: "1234.1234", channel_name: ownChannel },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.auth).toMatch(new RegExp(`^${target.key}:[0-9a-f]{64}$`));

    const theirs = await call<{ code: string }>(test.cloud.url, "POST", "/v1/progress/channel-auth", {
      token: other.tokens.accessToken,
      body: { socket_id: "1234.1234", channel_name: ownChannel },
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body.code).toBe("CHANNEL_FORBIDDEN");
    const anonymous = await call<{ code: string }>(test.cloud.url, "POST", "/v1/progress/channel-auth", {
      body: { socket_id: "1234.1234", channel_name: ownChannel },
    });
    expect(anonymous.status).toBe(401);

    // pusher-js, signed in as the other user, cannot subscribe to the owner's channel.
    const intruder = track(connectPusherJs(test.cloud.url, target.key, other.tokens.accessToken));
    await connected(intruder);
    await expect(subscribed(intruder, ownChannel)).rejects.toThrow(/CHANNEL_FORBIDDEN/);
  });

  it("refuses a forged channel auth, and an auth signed for another socket or channel, and delivers nothing there", async () => {
    const owner = await signUp(test.cloud.url, "Victim");
    const channel = progressChannelName(owner.user.id);
    const socket = track(new RawPusherSocket(test.cloud.url, `/app/${target.key}?protocol=7`));
    const socketId = await socket.socketId();
    const attacker = await signUp(test.cloud.url, "Attacker");
    const ownAuth = await call<{ auth: string }>(test.cloud.url, "POST", "/v1/progress/channel-auth", {
      token: attacker.tokens.accessToken,
      body: { socket_id: socketId, channel_name: progressChannelName(attacker.user.id) },
    });
    const forOtherSocket = await call<{ auth: string }>(test.cloud.url, "POST", "/v1/progress/channel-auth", {
      token: owner.tokens.accessToken,
      body: { socket_id: "1.1", channel_name: channel },
    });
    const attempts = [`${target.key}:${"ab".repeat(32)}`, ownAuth.body.auth, forOtherSocket.body.auth];
    for (const auth of attempts) socket.send({ event: "pusher:subscribe", data: { channel, auth } });
    await socket.next(
      (frame) =>
        frame.event === "pusher:error" &&
        socket.frames.filter((f) => f.event === "pusher:error").length === 3,
    );
    const errors = socket.frames.filter((frame) => frame.event === "pusher:error");
    for (const error of errors) {
      expect(error.data).toMatchObject({ code: null, message: expect.stringMatching(/^Invalid signature/) });
    }
    await pusherServer(target).trigger(channel, "operation-progressed", { percent: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.frames.map((frame) => frame.event)).not.toContain("operation-progressed");
    expect(socket.frames.map((frame) => frame.event)).not.toContain("pusher_internal:subscription_succeeded");
  });

  it("answers an unknown key with 4001, and a missing or other protocol version with 4008 and 4007", async () => {
    const unknown = new RawPusherSocket(
      test.cloud.url,
      "/app/not-our-key?protocol=7&client=js&version=8.6.0",
    );
    expect((await unknown.closed).code).toBe(4001);
    expect(unknown.frames[0]).toEqual({
      event: "pusher:error",
      data: { code: 4001, message: "Application does not exist" },
    });
    expect((await new RawPusherSocket(test.cloud.url, `/app/${target.key}`).closed).code).toBe(4008);
    expect((await new RawPusherSocket(test.cloud.url, `/app/${target.key}?protocol=4`).closed).code).toBe(
      4007,
    );

    // pusher-js treats it as a refusal: an error with the code, and no reconnecting.
    const client = track(connectPusherJs(test.cloud.url, "not-our-key"));
    const error = await new Promise<{ error?: { data?: { code?: number } } }>((resolve) =>
      client.connection.bind("error", resolve),
    );
    expect(error.error?.data?.code).toBe(4001);
    await expect.poll(() => client.connection.state).toBe("disconnected");
  });

  it("answers ping with pong and refuses client events", async () => {
    const socket = track(new RawPusherSocket(test.cloud.url, `/app/${target.key}?protocol=7`));
    await socket.socketId();
    socket.send({ event: "pusher:ping", data: {} });
    await socket.next((frame) => frame.event === "pusher:pong");
    socket.send({ event: "pusher:subscribe", data: { channel: "chat" } });
    await socket.next((frame) => frame.event === "pusher_internal:subscription_succeeded");
    socket.send({ event: "client-typing", channel: "chat", data: { who: "me" } });
    const refusal = await socket.next((frame) => frame.event === "pusher:error");
    expect(refusal.data).toEqual({ code: null, message: "Client events are not enabled for this app" });
  });

  it("refuses a trigger with a bad signature, a stale timestamp or an unknown app", async () => {
    const forged = pusherServer({ ...target, secret: "0".repeat(40) });
    await expect(forged.trigger("news", "headline", {})).rejects.toMatchObject({
      status: 401,
      body: expect.stringContaining("Invalid signature"),
    });
    const otherApp = pusherServer({ ...target, appId: "1" });
    await expect(otherApp.trigger("news", "headline", {})).rejects.toMatchObject({ status: 404 });

    const stale = await fetch(
      `${test.cloud.url}/apps/${target.appId}/events?auth_key=${target.key}&auth_timestamp=1353088179&auth_version=1.0&body_md5=x&auth_signature=y`,
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    );
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/^Timestamp expired/);
  });
});
