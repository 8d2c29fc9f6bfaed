import { eventCloseCodes, PROTOCOL_VERSION } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import {
  addMember,
  configChanged,
  emitEvents,
  eventually,
  type HubHarness,
  type HubHarnessOptions,
  insertInstance,
  insertUser,
  seedWorkspace,
  startHub,
} from "./event-test-kit.ts";

describe("event stream control", () => {
  let test: TestDatabase;
  let harness: HubHarness | null = null;

  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });

  async function start(options: HubHarnessOptions = {}): Promise<HubHarness> {
    harness = await startHub(test.db, options);
    return harness;
  }

  it("closes a removed member's connection within a second, after the membership-changed event", async () => {
    const { connectAs, change } = await start();
    const { workspaceId, userId: owner } = await seedWorkspace(test.db);
    const removed = await insertUser(test.db);
    await addMember(test.db, workspaceId, removed);
    const ownersClient = await connectAs(owner, workspaceId);
    const removedClient = await connectAs(removed, workspaceId);

    await change(async ({ tx, emit, afterCommit }) => {
      await tx
        .deleteFrom("memberships")
        .where("workspace_id", "=", workspaceId)
        .where("user_id", "=", removed)
        .execute();
      await emit(workspaceId, {
        name: "membership-changed",
        userId: removed,
        change: "removed",
        role: null,
        revision: 1,
      });
      afterCommit({ kind: "close-member", workspaceId, userId: removed });
    });
    const removedAt = Date.now();

    const closed = await removedClient.closed;
    expect(Date.now() - removedAt).toBeLessThan(1000);
    expect(closed.code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect(removedClient.events().map((frame) => frame.event)).toEqual([
      { name: "membership-changed", userId: removed, change: "removed", role: null, revision: 1 },
    ]);
    // The others stay, and hear of it.
    await ownersClient.waitForEvents(1);
    expect(ownersClient.closeInfo).toBeNull();
  });

  it("finishes a replay up to the removal event before closing a member removed mid-replay", async () => {
    const { connectAs, change } = await start({ tuning: { replayPageSize: 2 } });
    const { workspaceId, userId: owner } = await seedWorkspace(test.db);
    const removed = await insertUser(test.db);
    await addMember(test.db, workspaceId, removed);
    await emitEvents(change, workspaceId, owner, 60);
    const client = await connectAs(removed, workspaceId, 0);

    await change(async ({ tx, emit, afterCommit }) => {
      await tx
        .deleteFrom("memberships")
        .where("workspace_id", "=", workspaceId)
        .where("user_id", "=", removed)
        .execute();
      await emit(workspaceId, {
        name: "membership-changed",
        userId: removed,
        change: "removed",
        role: null,
        revision: 1,
      });
      afterCommit({ kind: "close-member", workspaceId, userId: removed });
    });
    const removedAt = Date.now();

    const closed = await client.closed;
    expect(Date.now() - removedAt).toBeLessThan(1000);
    expect(closed.code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect(client.eventSeqs()).toEqual(Array.from({ length: 61 }, (_, index) => index + 1));
    expect(client.events().at(-1)?.event.name).toBe("membership-changed");
  });

  it("closes the connections of a revoked instance and leaves the user's others open", async () => {
    const { connect, connectAs, authenticator, fanout } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const instanceId = await insertInstance(test.db, workspaceId, userId);
    const instanceClient = await connect();
    await instanceClient.hello({
      token: authenticator.issue(userId, { instanceId, workspaceId }).token,
      workspaceId,
    });
    const sessionClient = await connectAs(userId, workspaceId);

    await fanout.publish({ kind: "close-instance", instanceId });

    expect((await instanceClient.closed).code).toBe(eventCloseCodes.AUTH_INVALID);
    expect(instanceClient.frames.at(-1)).toEqual({
      type: "error",
      code: "INSTANCE_REVOKED",
      message: expect.any(String),
    });
    sessionClient.send({ type: "ping", id: 7 });
    await sessionClient.waitFor("pong", () => sessionClient.frames.some((frame) => frame.type === "pong"));
  });

  it("closes the connections of a revoked session family", async () => {
    const { connect, connectAs, authenticator, fanout } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const { token, principal } = authenticator.issue(userId);
    const signedOut = await connect();
    await signedOut.hello({ token, workspaceId });
    const otherSession = await connectAs(userId, workspaceId);

    await fanout.publish({ kind: "close-family", familyId: principal.familyId });

    expect((await signedOut.closed).code).toBe(eventCloseCodes.AUTH_INVALID);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(otherSession.closeInfo).toBeNull();
  });

  it("applies a revocation published while the connection's hello was being checked", async () => {
    const { connect, authenticator, fanout } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    let release = () => {};
    authenticator.gate = new Promise((resolve) => {
      release = resolve;
    });
    const client = await connect();
    client.send({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      token: authenticator.issue(userId).token,
      workspaceId,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The removal is published while the token check is still running; the membership row is still there, as
    // if the membership query had read it just before the removal committed.
    await fanout.publish({ kind: "close-member", workspaceId, userId });
    authenticator.gate = null;
    release();

    expect((await client.closed).code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    expect(client.frames.some((frame) => frame.type === "welcome")).toBe(false);
  });

  it("closes connections of a member removed without a close message, on the membership sweep", async () => {
    const { connectAs } = await start({ tuning: { membershipSweepMs: 100 } });
    const { workspaceId, userId: owner } = await seedWorkspace(test.db);
    const removed = await insertUser(test.db);
    await addMember(test.db, workspaceId, removed);
    const ownersClient = await connectAs(owner, workspaceId);
    const removedClient = await connectAs(removed, workspaceId);

    await test.db
      .deleteFrom("memberships")
      .where("workspace_id", "=", workspaceId)
      .where("user_id", "=", removed)
      .execute();

    expect((await removedClient.closed).code).toBe(eventCloseCodes.MEMBERSHIP_REVOKED);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ownersClient.closeInfo).toBeNull();
  });

  it("drops a client that stops reading once its backlog passes the limit", async () => {
    const maxBufferedBytes = 256 * 1024;
    const { connectAs, fanout, hub } = await start({
      config: { maxBufferedBytes },
      tuning: { closeGraceMs: 300 },
    });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const reader = await connectAs(userId, workspaceId);
    const stalled = await connectAs(userId, workspaceId);
    stalled.tcp?.pause();

    // 48 MB of events straight into the fan-out: more than the kernel's socket buffers absorb for a client that
    // does not read, so the hub must give up on it (its count drops once the socket is cut, after the grace).
    const padding = "x".repeat(16 * 1024);
    let seq = 0;
    while (seq < 3072 && hub.connectionCount() === 2) {
      seq += 1;
      const event = { ...configChanged(userId, seq), padding };
      const frame = JSON.stringify({ type: "event", workspaceId, seq, at: new Date().toISOString(), event });
      await fanout.publish({ kind: "event", workspaceId, seq, frame });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually("the stalled client to be dropped", () => hub.connectionCount() === 1);

    stalled.tcp?.resume();
    const closed = await stalled.closed;
    // Either the close frame got through, or (its backlog discarded) the socket was cut.
    expect([eventCloseCodes.SLOW_CONSUMER, 1006]).toContain(closed.code);
    // It was cut off, not served everything.
    expect(stalled.eventSeqs().length).toBeLessThan(seq);
    // A client that keeps reading is not affected.
    await reader.waitForEvents(seq);
    expect(reader.closeInfo).toBeNull();
  });

  it("terminates a connection that leaves two pings unanswered, and keeps one that answers", async () => {
    const { connect, connectAs, authenticator } = await start({ config: { eventPingIntervalMs: 100 } });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const silent = await connect({ autoPong: false });
    await silent.hello({ token: authenticator.issue(userId).token, workspaceId });
    const answering = await connectAs(userId, workspaceId);

    const closed = await silent.closed;

    expect(closed.code).toBe(eventCloseCodes.PING_TIMEOUT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answering.closeInfo).toBeNull();
    await emitEvents(harness?.change ?? (null as never), workspaceId, userId, 1);
    await answering.waitForEvents(1);
  });
});
