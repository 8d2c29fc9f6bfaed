import { eventCloseCodes, PROTOCOL_VERSION } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CloudError } from "../errors.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import {
  addMember,
  emitEvents,
  eventually,
  type HubHarness,
  insertInstance,
  insertUser,
  insertWorkspace,
  openClient,
  seedWorkspace,
  startHub,
} from "./event-test-kit.ts";

describe("event stream handshake", () => {
  let test: TestDatabase;
  let harness: HubHarness;
  const connected: string[] = [];
  const disconnected: string[] = [];

  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());

  async function start(): Promise<HubHarness> {
    harness = await startHub(test.db, {
      tuning: { helloTimeoutMs: 300 },
      onInstanceConnected: (instanceId, workspaceId) => connected.push(`${instanceId}@${workspaceId}`),
      onInstanceDisconnected: (instanceId, workspaceId) => disconnected.push(`${instanceId}@${workspaceId}`),
    });
    return harness;
  }
  afterEach(() => harness.close());

  it("welcomes a member who says hello with a valid token, with the workspace's current seq", async () => {
    const { hub, change, authenticator, connect } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change, workspaceId, userId, 3);
    const client = await connect();
    const { token } = authenticator.issue(userId);

    const welcome = await client.hello({ token, workspaceId });

    expect(welcome).toEqual({
      type: "welcome",
      protocol: PROTOCOL_VERSION,
      workspaceId,
      seq: 3,
      pingIntervalMs: 25_000,
      heartbeatIntervalMs: 15_000,
    });
    expect(hub.connectionCount()).toBe(1);
    // Without lastSeq the client starts from now: nothing is replayed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.events()).toEqual([]);
    expect(client.invalidFrames).toEqual([]);
  });

  it("answers an app-level ping with a pong of the same id", async () => {
    const { connectAs } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const client = await connectAs(userId, workspaceId);

    client.send({ type: "ping", id: 42 });

    await expect(
      client.waitFor("pong", () => client.frames.find((frame) => frame.type === "pong")),
    ).resolves.toEqual({
      type: "pong",
      id: 42,
    });
  });

  it("refuses upgrades on any other path with a 404", async () => {
    const { origin } = await start();
    await expect(openClient(`${origin}/v1/elsewhere`)).rejects.toThrow("HTTP 404");
  });

  it("ignores a token in the URL and closes a connection that sends no hello", async () => {
    const { url, authenticator, hub } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const { token } = authenticator.issue(userId);
    const client = await openClient(`${url}?token=${token}&workspaceId=${workspaceId}`);

    const closed = await client.closed;

    expect(closed.code).toBe(eventCloseCodes.HELLO_TIMEOUT);
    expect(client.frames.map((frame) => frame.type)).toEqual(["error"]);
    await eventually("the hub to forget it", () => hub.connectionCount() === 0);
  });

  it("closes with BAD_FRAME when the first frame is not a hello", async () => {
    const { connect } = await start();
    const client = await connect();
    client.send({ type: "ping", id: 1 });
    expect((await client.closed).code).toBe(eventCloseCodes.BAD_FRAME);
  });

  it("closes with BAD_FRAME on text that is not JSON", async () => {
    const { connect } = await start();
    const client = await connect();
    client.send("{not json");
    expect((await client.closed).code).toBe(eventCloseCodes.BAD_FRAME);
    expect(client.frames).toEqual([{ type: "error", code: "BAD_REQUEST", message: "Invalid frame" }]);
  });

  it("closes with BAD_FRAME on a hello that does not match the schema", async () => {
    const { connect, authenticator } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const client = await connect();
    const { token } = authenticator.issue(userId);
    client.send({ type: "hello", protocol: PROTOCOL_VERSION, token, workspaceId, lastSeq: -1 });
    expect((await client.closed).code).toBe(eventCloseCodes.BAD_FRAME);
  });

  it("refuses a protocol version it does not speak, with an error frame first", async () => {
    const { connect, authenticator } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const client = await connect();
    const { token } = authenticator.issue(userId);

    client.send({ type: "hello", protocol: 999, token, workspaceId, someFutureField: true });

    expect((await client.closed).code).toBe(eventCloseCodes.PROTOCOL_UNSUPPORTED);
    expect(client.frames).toEqual([
      { type: "error", code: "PROTOCOL_UNSUPPORTED", message: "Protocol version not supported" },
    ]);
  });

  it("refuses an invalid token with AUTH_INVALID", async () => {
    const { connect } = await start();
    const { workspaceId } = await seedWorkspace(test.db);
    const client = await connect();
    client.send({ type: "hello", protocol: PROTOCOL_VERSION, token: "not-a-token", workspaceId });

    expect((await client.closed).code).toBe(eventCloseCodes.AUTH_INVALID);
    expect(client.frames).toEqual([{ type: "error", code: "AUTH_INVALID", message: expect.any(String) }]);
  });

  it("tells an expired token apart with AUTH_EXPIRED, and a revoked instance with INSTANCE_REVOKED", async () => {
    const { connect, authenticator } = await start();
    const { workspaceId } = await seedWorkspace(test.db);
    authenticator.tokens.set("expired", new CloudError("AUTH_EXPIRED"));
    authenticator.tokens.set("revoked", new CloudError("INSTANCE_REVOKED"));
    const expired = await connect();
    const revoked = await connect();

    expired.send({ type: "hello", protocol: PROTOCOL_VERSION, token: "expired", workspaceId });
    revoked.send({ type: "hello", protocol: PROTOCOL_VERSION, token: "revoked", workspaceId });

    expect((await expired.closed).code).toBe(eventCloseCodes.AUTH_EXPIRED);
    expect((await revoked.closed).code).toBe(eventCloseCodes.AUTH_INVALID);
    expect(revoked.frames).toEqual([
      { type: "error", code: "INSTANCE_REVOKED", message: expect.any(String) },
    ]);
  });

  it("refuses a non-member with NOT_FOUND and MEMBERSHIP_REVOKED, as for a workspace that does not exist", async () => {
    const { connect, authenticator } = await start();
    const { workspaceId } = await seedWorkspace(test.db);
    const outsider = await insertUser(test.db);
    const { token } = authenticator.issue(outsider);
    const toTheirs = await connect();
    const toNowhere = await connect();

    toTheirs.send({ type: "hello", protocol: PROTOCOL_VERSION, token, workspaceId });
    toNowhere.send({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      token,
      workspaceId: "ws_01jz0000000000000000000000",
    });

    expect((await toTheirs.closed).code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect((await toNowhere.closed).code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect(toTheirs.frames).toEqual(toNowhere.frames);
    expect(toTheirs.frames).toEqual([{ type: "error", code: "NOT_FOUND", message: expect.any(String) }]);
  });

  it("refuses an instance outside the workspace it was approved for", async () => {
    const { connect, authenticator } = await start();
    const userId = await insertUser(test.db);
    const [home, other] = await Promise.all([insertWorkspace(test.db), insertWorkspace(test.db)]);
    await addMember(test.db, home, userId);
    await addMember(test.db, other, userId);
    const instanceId = await insertInstance(test.db, home, userId);
    const { token } = authenticator.issue(userId, { instanceId, workspaceId: home });
    const client = await connect();

    client.send({ type: "hello", protocol: PROTOCOL_VERSION, token, workspaceId: other });

    expect((await client.closed).code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
  });

  it("reports an instance's connection and its end", async () => {
    const { connect, authenticator, hub } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const instanceId = await insertInstance(test.db, workspaceId, userId);
    const { token } = authenticator.issue(userId, { instanceId, workspaceId });
    const client = await connect();

    await client.hello({ token, workspaceId });
    expect(connected).toContain(`${instanceId}@${workspaceId}`);
    expect(disconnected).not.toContain(`${instanceId}@${workspaceId}`);

    await client.close();
    await eventually("the hub to forget it", () => hub.connectionCount() === 0);
    expect(disconnected).toContain(`${instanceId}@${workspaceId}`);
  });

  it("closes every connection with SERVER_RESTART when the hub closes", async () => {
    const { connectAs, hub } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const client = await connectAs(userId, workspaceId);

    await hub.close();

    expect((await client.closed).code).toBe(eventCloseCodes.SERVER_RESTART);
    expect(hub.connectionCount()).toBe(0);
  });
});
