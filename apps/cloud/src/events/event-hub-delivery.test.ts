import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { pruneEvents } from "./event-retention.ts";
import {
  addMember,
  emitEvents,
  type HubHarness,
  type HubHarnessOptions,
  insertUser,
  seedWorkspace,
  startHub,
} from "./event-test-kit.ts";
import type { Fanout, FanoutMessage } from "./fanout.ts";
import { createLocalFanout } from "./local-fanout.ts";

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** A fan-out in front of `inner` that lets a test drop or hold messages on their way to the hub. */
function interceptingFanout(
  inner: Fanout,
  intercept: (message: FanoutMessage, forward: (message: FanoutMessage) => Promise<void>) => Promise<void>,
): Fanout {
  return { ...inner, publish: (message) => intercept(message, (forwarded) => inner.publish(forwarded)) };
}

describe("event stream delivery", () => {
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

  it("delivers each event to every connection of its workspace and to none of another", async () => {
    const { connectAs, change } = await start();
    const a = await seedWorkspace(test.db);
    const b = await seedWorkspace(test.db);
    const colleague = await insertUser(test.db);
    await addMember(test.db, a.workspaceId, colleague);
    const inA = [
      await connectAs(a.userId, a.workspaceId),
      await connectAs(a.userId, a.workspaceId),
      await connectAs(colleague, a.workspaceId),
    ];
    const inB = await connectAs(b.userId, b.workspaceId);

    await emitEvents(change, a.workspaceId, a.userId, 5);
    await emitEvents(change, b.workspaceId, b.userId, 2);

    const stored = await test.db
      .selectFrom("events")
      .select(["seq", "frame"])
      .where("workspace_id", "=", a.workspaceId)
      .orderBy("seq")
      .execute();
    for (const client of inA) {
      const events = await client.waitForEvents(5);
      expect(events).toEqual(stored.map((row) => JSON.parse(row.frame)));
      expect(client.invalidFrames).toEqual([]);
    }
    const eventsInB = await inB.waitForEvents(2);
    expect(eventsInB.map((frame) => [frame.workspaceId, frame.seq])).toEqual([
      [b.workspaceId, 1],
      [b.workspaceId, 2],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inB.events()).toHaveLength(2);
    expect(inA[0]?.events()).toHaveLength(5);
  });

  it("replays the 100 events a client missed, in order and once each", async () => {
    const { connectAs, change } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change, workspaceId, userId, 2);
    const first = await connectAs(userId, workspaceId);
    await first.close();

    await emitEvents(change, workspaceId, userId, 100);
    const back = await connectAs(userId, workspaceId, 2);

    const events = await back.waitForEvents(100);
    expect(events.map((frame) => frame.seq)).toEqual(range(3, 102));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(back.eventSeqs()).toEqual(range(3, 102));
    expect(back.frames.some((frame) => frame.type === "resync")).toBe(false);
  });

  it("loses and repeats nothing when events keep coming during the replay", async () => {
    // Small pages make the replay span many queries, so live events land in the middle of it.
    const { connectAs, change } = await start({ tuning: { replayPageSize: 3 } });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change, workspaceId, userId, 100);

    const publishing = emitEvents(change, workspaceId, userId, 60, { paced: true });
    const client = await connectAs(userId, workspaceId, 0);
    await publishing;

    await client.waitForEvents(160);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.eventSeqs()).toEqual(range(1, 160));
  });

  it("gives a client that reconnects during a burst every event after its lastSeq exactly once", async () => {
    const { connectAs, change } = await start({ tuning: { replayPageSize: 1 } });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const watcher = await connectAs(userId, workspaceId);
    const publishing = emitEvents(change, workspaceId, userId, 80, { paced: true });
    await watcher.waitForEvents(30);
    // Reconnect from early in what the watcher has seen while the burst continues.
    const from = watcher.eventSeqs()[4] ?? 0;
    const late = await connectAs(userId, workspaceId, from);
    await publishing;

    await late.waitFor("the last event", () => late.eventSeqs().includes(80));
    await watcher.waitForEvents(80);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(late.eventSeqs()).toEqual(range(from + 1, 80));
    expect(watcher.eventSeqs()).toEqual(range(1, 80));
  });

  it("tells a client further behind than the retained history to resync, then continues live", async () => {
    const { connectAs, change } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change, workspaceId, userId, 150);
    await pruneEvents(test.db, 100);

    const tooOld = await connectAs(userId, workspaceId, 10);
    const justInTime = await connectAs(userId, workspaceId, 50);

    const resync = await tooOld.waitFor("resync", () =>
      tooOld.frames.find((frame) => frame.type === "resync"),
    );
    expect(resync).toEqual({ type: "resync", workspaceId, seq: 150, oldestRetainedSeq: 51 });
    expect((await justInTime.waitForEvents(100)).map((frame) => frame.seq)).toEqual(range(51, 150));
    expect(justInTime.frames.some((frame) => frame.type === "resync")).toBe(false);

    await emitEvents(change, workspaceId, userId, 1);
    await tooOld.waitForEvents(1);
    expect(tooOld.eventSeqs()).toEqual([151]);
    expect(tooOld.frames.map((frame) => frame.type)).toEqual(["welcome", "resync", "event"]);
  });

  it("tells a client that claims a seq beyond the newest to resync", async () => {
    const { connectAs, change } = await start();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change, workspaceId, userId, 3);

    const client = await connectAs(userId, workspaceId, 40);

    const resync = await client.waitFor("resync", () =>
      client.frames.find((frame) => frame.type === "resync"),
    );
    expect(resync).toEqual({ type: "resync", workspaceId, seq: 3, oldestRetainedSeq: 1 });
  });

  it("prunes the log beyond the retention on its own timer", async () => {
    const { change } = await start({ config: { eventRetention: 100 }, tuning: { pruneIntervalMs: 100 } });
    const { workspaceId, userId } = await seedWorkspace(test.db);

    await emitEvents(change, workspaceId, userId, 110);

    const oldest = async () =>
      (
        await test.db
          .selectFrom("events")
          .select((eb) => eb.fn.min("seq").as("oldest"))
          .where("workspace_id", "=", workspaceId)
          .executeTakeFirstOrThrow()
      ).oldest;
    const deadline = Date.now() + 5000;
    while (Number(await oldest()) !== 11 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Number(await oldest())).toBe(11);
  });

  it("fills from the log an event the fan-out lost, before the next one", async () => {
    const fanout = createLocalFanout();
    let dropSeq = 0;
    const lossy = interceptingFanout(fanout, async (message, forward) => {
      if (message.kind === "event" && message.seq === dropSeq) return;
      await forward(message);
    });
    const { connectAs, change } = await start({ fanout, publishFanout: lossy });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const clients = [await connectAs(userId, workspaceId), await connectAs(userId, workspaceId)];
    dropSeq = 2;

    await emitEvents(change, workspaceId, userId, 3);

    for (const client of clients) {
      await client.waitForEvents(3);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(client.eventSeqs()).toEqual([1, 2, 3]);
    }
  });

  it("puts events the fan-out delivers out of order back in order, once each", async () => {
    const fanout = createLocalFanout();
    let held: FanoutMessage | null = null;
    const reordering = interceptingFanout(fanout, async (message, forward) => {
      if (message.kind === "event" && message.seq === 2) {
        held = message;
        return;
      }
      await forward(message);
      if (held && message.kind === "event" && message.seq === 3) await forward(held);
    });
    const { connectAs, change } = await start({ fanout, publishFanout: reordering });
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const client = await connectAs(userId, workspaceId);

    await emitEvents(change, workspaceId, userId, 4);

    await client.waitForEvents(4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.eventSeqs()).toEqual([1, 2, 3, 4]);
  });
});
