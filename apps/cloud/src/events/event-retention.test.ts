import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { createChangeRunner } from "./emit.ts";
import { pruneEvents, readEventLogBounds } from "./event-retention.ts";
import { emitEvents, insertWorkspace, seedWorkspace, silentLogger } from "./event-test-kit.ts";
import { createLocalFanout } from "./local-fanout.ts";

describe("event retention", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());

  function change() {
    return createChangeRunner({
      db: test.db,
      fanout: createLocalFanout(),
      clock: systemClock,
      logger: silentLogger,
    });
  }

  async function storedSeqs(workspaceId: string): Promise<number[]> {
    const rows = await test.db
      .selectFrom("events")
      .select("seq")
      .where("workspace_id", "=", workspaceId)
      .orderBy("seq")
      .execute();
    return rows.map((row) => row.seq);
  }

  it("keeps the newest events of each workspace and deletes the rest", async () => {
    const busy = await seedWorkspace(test.db);
    const quiet = await seedWorkspace(test.db);
    const run = change();
    await emitEvents(run, busy.workspaceId, busy.userId, 12);
    await emitEvents(run, quiet.workspaceId, quiet.userId, 3);

    const deleted = await pruneEvents(test.db, 5);

    expect(deleted).toBe(7);
    expect(await storedSeqs(busy.workspaceId)).toEqual([8, 9, 10, 11, 12]);
    expect(await storedSeqs(quiet.workspaceId)).toEqual([1, 2, 3]);
    await expect(readEventLogBounds(test.db, busy.workspaceId)).resolves.toEqual({
      seq: 12,
      oldestRetainedSeq: 8,
    });
  });

  it("deletes nothing when run again", async () => {
    const { workspaceId, userId } = await seedWorkspace(test.db);
    await emitEvents(change(), workspaceId, userId, 8);
    await pruneEvents(test.db, 5);

    await expect(pruneEvents(test.db, 5)).resolves.toBe(0);
    expect(await storedSeqs(workspaceId)).toEqual([4, 5, 6, 7, 8]);
  });

  it("reports a workspace without events as having nothing to replay", async () => {
    const workspaceId = await insertWorkspace(test.db);
    await expect(readEventLogBounds(test.db, workspaceId)).resolves.toEqual({ seq: 0, oldestRetainedSeq: 1 });
  });

  it("answers null for a workspace that does not exist", async () => {
    await expect(readEventLogBounds(test.db, "ws_01jz0000000000000000000000")).resolves.toBeNull();
  });
});
