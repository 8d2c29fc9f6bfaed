import { Instance } from "@multiclaw/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSessionService, type SessionService } from "../auth/sessions.ts";
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
  userPrincipal,
} from "./test-fixtures.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let harness: ChangeHarness;
let presence: PresenceService;
let sessions: SessionService;
let workspaceId: string;
const people: Record<"owner" | "admin" | "member" | "teammate" | "outsider", Principal> = {} as never;

beforeEach(async () => {
  harness = createChangeHarness(test.db);
  presence = createPresenceService({
    db: test.db,
    runChange: harness.runChange,
    clock: harness.clock,
    heartbeatIntervalMs: 10_000,
    logger: silentLogger,
  });
  sessions = createSessionService({
    db: test.db,
    runChange: harness.runChange,
    clock: harness.clock,
    settings: { accessTokenTtlSeconds: 900, refreshTokenTtlDays: 60 },
  });
  workspaceId = await insertWorkspace(test.db);
  for (const role of ["owner", "admin", "member", "teammate"] as const) {
    const userId = await insertUser(test.db);
    await addMember(test.db, workspaceId, userId, role === "teammate" ? "member" : role);
    people[role] = userPrincipal(userId);
  }
  const outsiderId = await insertUser(test.db);
  await addMember(test.db, await insertWorkspace(test.db), outsiderId, "owner");
  people.outsider = userPrincipal(outsiderId);
});

/** An instance with a real device session, as device authorization leaves it. */
async function deviceOf(user: Principal) {
  const instanceId = await insertInstance(test.db, { workspaceId, userId: user.userId });
  const tokens = await test.db
    .transaction()
    .execute((tx) => sessions.startSession(tx, user.userId, instanceId));
  return { instanceId, tokens };
}

describe("instance list", () => {
  it("shows every member all live instances of the workspace with their presence", async () => {
    const mine = await insertInstance(test.db, { workspaceId, userId: people.member.userId });
    const theirs = await insertInstance(test.db, {
      workspaceId,
      userId: people.teammate.userId,
      presence: "stale",
      lastSeenAt: harness.clock.now(),
    });
    const revoked = await insertInstance(test.db, { workspaceId, userId: people.teammate.userId });
    await test.db
      .updateTable("instances")
      .set({ revoked_at: new Date() })
      .where("id", "=", revoked)
      .execute();
    await insertInstance(test.db, {
      workspaceId: await insertWorkspace(test.db),
      userId: people.member.userId,
    });

    const { instances } = await presence.list(people.member, workspaceId);
    expect(instances.map((instance) => instance.id)).toEqual([mine, theirs]);
    expect(instances.map((instance) => Instance.parse(instance))).toEqual(instances);
    expect(instances[1]).toMatchObject({
      userId: people.teammate.userId,
      presence: "stale",
      lastSeenAt: harness.clock.now().toISOString(),
      revokedAt: null,
    });
    await expect(presence.list(people.outsider, workspaceId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("instance revocation", () => {
  it("ends everything that lets the instance act, in one change, and closes its connections", async () => {
    const { instanceId, tokens } = await deviceOf(people.member);
    const other = await deviceOf(people.member);
    await presence.markStreamConnected(instanceId, workspaceId);
    expect((await sessions.authenticate(tokens.accessToken)).instanceId).toBe(instanceId);

    harness.clock.advance(1_000);
    await presence.revoke(people.member, workspaceId, instanceId);

    expect(await instanceRow(test.db, instanceId)).toMatchObject({
      presence: "offline",
      revoked_at: harness.clock.now(),
    });
    const families = await test.db
      .selectFrom("session_families")
      .select(["revoked_at", "revoked_reason"])
      .where("instance_id", "=", instanceId)
      .execute();
    expect(families).toEqual([{ revoked_at: harness.clock.now(), revoked_reason: "instance-revoked" }]);
    const accessTokens = await test.db
      .selectFrom("access_tokens")
      .select("instance_id")
      .where("user_id", "=", people.member.userId)
      .execute();
    expect(accessTokens).toEqual([{ instance_id: other.instanceId }]);

    await expect(sessions.authenticate(tokens.accessToken)).rejects.toMatchObject({ code: "AUTH_INVALID" });
    await expect(sessions.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: "INSTANCE_REVOKED" });
    expect((await sessions.authenticate(other.tokens.accessToken)).instanceId).toBe(other.instanceId);

    const published = harness.fanout.published.map((message) => message.kind);
    expect(published).toEqual(["event", "event", "close-instance"]);
    expect(harness.fanout.published.at(-1)).toEqual({ kind: "close-instance", instanceId });
    expect(publishedFrames(harness.fanout).at(-1)?.event).toEqual({
      name: "instance-presence",
      instanceId,
      userId: people.member.userId,
      presence: "offline",
    });
    expect((await presence.list(people.owner, workspaceId)).instances.map((instance) => instance.id)).toEqual(
      [other.instanceId],
    );

    // A second revocation is not an error and announces nothing new.
    await presence.revoke(people.member, workspaceId, instanceId);
    expect(harness.fanout.published).toHaveLength(3);
  });

  it("lets the instance's own user, an admin or an owner revoke it, and no one else", async () => {
    for (const actor of ["member", "admin", "owner"] as const) {
      const { instanceId } = await deviceOf(people.member);
      await presence.revoke(people[actor], workspaceId, instanceId);
      expect((await instanceRow(test.db, instanceId)).revoked_at).not.toBeNull();
    }
    const { instanceId, tokens } = await deviceOf(people.member);
    await expect(presence.revoke(people.teammate, workspaceId, instanceId)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(presence.revoke(people.outsider, workspaceId, instanceId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      presence.revoke(people.owner, workspaceId, "ins_01jc0000000000000000000000"),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await instanceRow(test.db, instanceId)).revoked_at).toBeNull();
    expect((await sessions.authenticate(tokens.accessToken)).instanceId).toBe(instanceId);
  });
});
