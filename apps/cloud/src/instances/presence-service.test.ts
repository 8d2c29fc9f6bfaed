import type { Presence } from "@multiclaw/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { readEventsAfter } from "../events/event-log.ts";
import type { Principal } from "../http/principal.ts";
import type { ChangeHarness } from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { createPresenceService, type PresenceService } from "./presence-service.ts";
import {
  addMember,
  createChangeHarness,
  insertInstance,
  insertUser,
  insertWorkspace,
  instanceRow,
  publishedFrames,
  silentLogger,
} from "./test-fixtures.ts";

const interval = 10_000;

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let harness: ChangeHarness;
let presence: PresenceService;
let workspaceId: string;
let userId: string;

function presenceServiceFor(node: ChangeHarness, heartbeatIntervalMs = interval): PresenceService {
  return createPresenceService({
    db: test.db,
    runChange: node.runChange,
    clock: node.clock,
    heartbeatIntervalMs,
    logger: silentLogger,
  });
}

beforeEach(async () => {
  // A sweep covers every instance in the database, so each test starts without earlier tests' instances.
  await test.db.deleteFrom("instances").execute();
  harness = createChangeHarness(test.db);
  presence = presenceServiceFor(harness);
  workspaceId = await insertWorkspace(test.db);
  userId = await insertUser(test.db);
  await addMember(test.db, workspaceId, userId, "member");
});

function asInstance(instanceId: string, inWorkspace = workspaceId, user = userId): Principal {
  return { userId: user, familyId: `fam-${instanceId}`, instanceId, instanceWorkspaceId: inWorkspace };
}

function heartbeat(instanceId: string, configRevision?: number) {
  return presence.heartbeat(asInstance(instanceId), workspaceId, instanceId, { configRevision });
}

/** The presence moves announced so far, from every node given. */
function announced(...nodes: ChangeHarness[]): { instanceId: string; presence: Presence }[] {
  return nodes.flatMap((node) =>
    publishedFrames(node.fanout).flatMap(({ event }) =>
      event.name === "instance-presence" ? [{ instanceId: event.instanceId, presence: event.presence }] : [],
    ),
  );
}

describe("presence from heartbeats", () => {
  it("goes connected → stale → offline as the silence grows, and a heartbeat brings it back", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });

    expect(await heartbeat(instanceId)).toEqual({
      presence: "connected",
      heartbeatIntervalMs: interval,
      configRevision: 0,
    });
    expect((await instanceRow(test.db, instanceId)).last_seen_at).toEqual(harness.clock.now());

    harness.clock.advance(1.5 * interval);
    expect(await presence.sweep()).toBe(0);
    harness.clock.advance(1);
    expect(await presence.sweep()).toBe(1);
    expect((await instanceRow(test.db, instanceId)).presence).toBe("stale");

    harness.clock.advance(1.5 * interval - 1);
    expect(await presence.sweep()).toBe(0);
    harness.clock.advance(1);
    expect(await presence.sweep()).toBe(1);
    expect((await instanceRow(test.db, instanceId)).presence).toBe("offline");
    expect(await presence.sweep()).toBe(0);

    expect((await heartbeat(instanceId)).presence).toBe("connected");
    expect(announced(harness).map((move) => move.presence)).toEqual([
      "connected",
      "stale",
      "offline",
      "connected",
    ]);
    const frames = publishedFrames(harness.fanout);
    expect(frames.every((frame) => frame.event.name === "instance-presence")).toBe(true);
    expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3, 4]);
    expect(frames[0]?.event).toEqual({
      name: "instance-presence",
      instanceId,
      userId,
      presence: "connected",
    });
    expect((await readEventsAfter(test.db, workspaceId, 0, 10)).map((event) => event.frame)).toEqual(
      harness.fanout.published.map((message) => (message.kind === "event" ? message.frame : null)),
    );
  });

  it("announces nothing while an instance keeps its heartbeat", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    await heartbeat(instanceId);
    for (let beat = 0; beat < 5; beat += 1) {
      harness.clock.advance(interval);
      expect((await heartbeat(instanceId)).presence).toBe("connected");
      expect(await presence.sweep()).toBe(0);
    }
    expect(announced(harness)).toEqual([{ instanceId, presence: "connected" }]);
    expect((await instanceRow(test.db, instanceId)).last_seen_at).toEqual(harness.clock.now());
  });

  it("goes straight to offline after a long silence, with one announcement", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    await heartbeat(instanceId);
    harness.clock.advance(10 * interval);
    expect(await presence.sweep()).toBe(1);
    expect(announced(harness)).toEqual([
      { instanceId, presence: "connected" },
      { instanceId, presence: "offline" },
    ]);
  });

  it("records the instance's config revision and answers the workspace's", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    await test.db
      .updateTable("workspaces")
      .set({ config_revision: 7 })
      .where("id", "=", workspaceId)
      .execute();
    expect((await heartbeat(instanceId, 5)).configRevision).toBe(7);
    expect((await instanceRow(test.db, instanceId)).config_revision).toBe(5);
    // The already-connected path records it too.
    expect((await heartbeat(instanceId, 7)).configRevision).toBe(7);
    expect((await instanceRow(test.db, instanceId)).config_revision).toBe(7);
    await heartbeat(instanceId);
    expect((await instanceRow(test.db, instanceId)).config_revision).toBe(7);
  });

  it("takes heartbeats only from the instance itself, while it is live and its user a member", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    const otherInstance = await insertInstance(test.db, { workspaceId, userId });
    const appSession: Principal = {
      userId,
      familyId: "fam-app",
      instanceId: null,
      instanceWorkspaceId: null,
    };

    await expect(
      presence.heartbeat(asInstance(otherInstance), workspaceId, instanceId, {}),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(presence.heartbeat(appSession, workspaceId, instanceId, {})).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await instanceRow(test.db, instanceId)).presence).toBe("offline");

    // Connected, then its user leaves the workspace: the cheap path must refuse it as well.
    await heartbeat(instanceId);
    await test.db.deleteFrom("memberships").where("user_id", "=", userId).execute();
    await expect(heartbeat(instanceId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a heartbeat from a revoked instance", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId, presence: "connected" });
    await test.db
      .updateTable("instances")
      .set({ revoked_at: new Date() })
      .where("id", "=", instanceId)
      .execute();
    await expect(heartbeat(instanceId)).rejects.toMatchObject({ code: "INSTANCE_REVOKED" });
    expect(announced(harness)).toEqual([]);
  });
});

describe("presence from the event stream", () => {
  it("connects an instance when its stream opens, once, and lets the sweeper degrade it after it closes", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    await presence.markStreamConnected(instanceId, workspaceId);
    await presence.markStreamConnected(instanceId, workspaceId);
    expect((await instanceRow(test.db, instanceId)).presence).toBe("connected");

    harness.clock.advance(interval);
    await presence.markStreamDisconnected(instanceId, workspaceId);
    const row = await instanceRow(test.db, instanceId);
    expect(row).toMatchObject({ presence: "connected", last_seen_at: harness.clock.now() });

    // Counted from the disconnect, not from the connect.
    harness.clock.advance(1.5 * interval);
    expect(await presence.sweep()).toBe(0);
    harness.clock.advance(1);
    expect(await presence.sweep()).toBe(1);
    expect(announced(harness)).toEqual([
      { instanceId, presence: "connected" },
      { instanceId, presence: "stale" },
    ]);
  });

  it("keeps instances with open streams connected through touchConnected, reviving a stale one", async () => {
    const steady = await insertInstance(test.db, { workspaceId, userId });
    const other = await insertInstance(test.db, { workspaceId, userId });
    const revoked = await insertInstance(test.db, { workspaceId, userId });
    await presence.markStreamConnected(steady, workspaceId);
    await presence.markStreamConnected(other, workspaceId);
    await test.db
      .updateTable("instances")
      .set({ revoked_at: new Date() })
      .where("id", "=", revoked)
      .execute();

    harness.clock.advance(2 * interval);
    await presence.sweep();
    expect((await instanceRow(test.db, other)).presence).toBe("stale");

    await presence.touchConnected([steady, other, revoked]);
    for (const id of [steady, other]) {
      expect(await instanceRow(test.db, id)).toMatchObject({
        presence: "connected",
        last_seen_at: harness.clock.now(),
      });
    }
    expect((await instanceRow(test.db, revoked)).last_seen_at).toBeNull();
    harness.clock.advance(interval);
    expect(await presence.sweep()).toBe(0);
    expect(announced(harness).filter((move) => move.instanceId === other)).toEqual([
      { instanceId: other, presence: "connected" },
      { instanceId: other, presence: "stale" },
      { instanceId: other, presence: "connected" },
    ]);
    await presence.touchConnected([]);
  });

  it("does not connect a revoked instance and never rejects to the hub", async () => {
    const instanceId = await insertInstance(test.db, { workspaceId, userId });
    await test.db
      .updateTable("instances")
      .set({ revoked_at: new Date() })
      .where("id", "=", instanceId)
      .execute();
    await expect(presence.markStreamConnected(instanceId, workspaceId)).resolves.toBeUndefined();
    await expect(
      presence.markStreamConnected(instanceId, "ws_01jc0000000000000000000000"),
    ).resolves.toBeUndefined();
    expect((await instanceRow(test.db, instanceId)).presence).toBe("offline");
    expect(announced(harness)).toEqual([]);
  });
});

describe("presence sweeps on several nodes", () => {
  it("announces each transition once when two nodes sweep at the same moment", async () => {
    const secondWorkspace = await insertWorkspace(test.db);
    await addMember(test.db, secondWorkspace, userId, "member");
    const instances: string[] = [];
    for (const ws of [
      workspaceId,
      secondWorkspace,
      workspaceId,
      secondWorkspace,
      workspaceId,
      secondWorkspace,
    ]) {
      instances.push(
        await insertInstance(test.db, {
          workspaceId: ws,
          userId,
          presence: "connected",
          lastSeenAt: harness.clock.now(),
        }),
      );
    }
    const nodeA = createChangeHarness(test.db);
    const nodeB = createChangeHarness(test.db);
    const sweepers = [presenceServiceFor(nodeA), presenceServiceFor(nodeB)];

    for (const [advance, expected] of [
      [2 * interval, "stale"],
      [2 * interval, "offline"],
    ] as const) {
      nodeA.clock.advance(advance);
      nodeB.clock.advance(advance);
      const counts = await Promise.all([...sweepers, ...sweepers].map((sweeper) => sweeper.sweep()));
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(instances.length);
      const moves = announced(nodeA, nodeB).filter((move) => move.presence === expected);
      expect(moves.map((move) => move.instanceId).sort()).toEqual([...instances].sort());
    }
    const stored = [
      ...(await readEventsAfter(test.db, workspaceId, 0, 100)),
      ...(await readEventsAfter(test.db, secondWorkspace, 0, 100)),
    ];
    expect(stored).toHaveLength(2 * instances.length);
  });

  it("sweeps on its own every half interval once started, and stops when told", async () => {
    const fast = presenceServiceFor(harness, 200);
    const instanceId = await insertInstance(test.db, {
      workspaceId,
      userId,
      presence: "connected",
      lastSeenAt: harness.clock.now(),
    });
    fast.start();
    try {
      harness.clock.advance(1_000);
      await vi.waitFor(() => expect(announced(harness)).toEqual([{ instanceId, presence: "offline" }]), {
        timeout: 5_000,
      });
    } finally {
      await fast.stop();
    }
    await fast.heartbeat(asInstance(instanceId), workspaceId, instanceId, {});
    harness.clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await instanceRow(test.db, instanceId)).presence).toBe("connected");
  });
});
