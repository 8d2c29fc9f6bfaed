import { randomBytes } from "node:crypto";
import { eventCloseCodes } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import {
  addMember,
  emitEvents,
  type HubHarness,
  insertUser,
  seedWorkspace,
  silentLogger,
  startHub,
} from "./event-test-kit.ts";
import type { Fanout } from "./fanout.ts";
import { createRedisFanout } from "./redis-fanout.ts";

const REDIS_URL = process.env.MULTICLAW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("event stream across Cloud nodes", () => {
  let test: TestDatabase;
  const fanouts: Fanout[] = [];
  const hubs: HubHarness[] = [];

  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
    await Promise.all(fanouts.splice(0).map((fanout) => fanout.close()));
  });

  /** Two nodes on one database, joined by Redis on a channel of their own. */
  async function twoNodes(): Promise<[HubHarness, HubHarness]> {
    const channel = `multiclaw:test:${randomBytes(6).toString("hex")}`;
    const nodes: HubHarness[] = [];
    for (const nodeId of ["node-a", "node-b"]) {
      const fanout = await createRedisFanout({ url: REDIS_URL, logger: silentLogger, nodeId, channel });
      fanouts.push(fanout);
      const hub = await startHub(test.db, { fanout });
      hubs.push(hub);
      nodes.push(hub);
    }
    return nodes as [HubHarness, HubHarness];
  }

  it("delivers events written on one node to clients of both, in order and once", async () => {
    const [a, b] = await twoNodes();
    const { workspaceId, userId } = await seedWorkspace(test.db);
    const onA = await a.connectAs(userId, workspaceId);
    const onB = await b.connectAs(userId, workspaceId);

    await emitEvents(a.change, workspaceId, userId, 10);
    await emitEvents(b.change, workspaceId, userId, 10);

    for (const client of [onA, onB]) {
      await client.waitForEvents(20);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(client.eventSeqs()).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    }
  });

  it("closes a removed member's connection on the other node within a second", async () => {
    const [a, b] = await twoNodes();
    const { workspaceId } = await seedWorkspace(test.db);
    const removed = await insertUser(test.db);
    await addMember(test.db, workspaceId, removed);
    const client = await b.connectAs(removed, workspaceId);

    await a.change(async ({ tx, emit, afterCommit }) => {
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
    expect(client.events().map((frame) => frame.event.name)).toEqual(["membership-changed"]);
  });
});
