import type { Presence } from "@multiclaw/protocol";
import type { Database } from "../db/connect.ts";
import { newId } from "../ids.ts";

/*
 * Instance rows for the presence tests, inserted the way device authorization leaves them. The generic helpers
 * (clock, recording fan-out, users, workspaces, test app) are shared with the task tests.
 */

export {
  addMember,
  createChangeHarness,
  createManualClock,
  createRecordingFanout,
  createTestApp,
  insertUser,
  insertWorkspace,
  publishedFrames,
  silentLogger,
  tokenTable,
  userPrincipal,
} from "../testing/fixtures.ts";

export interface InstanceSeed {
  workspaceId: string;
  userId: string;
  presence?: Presence;
  lastSeenAt?: Date | null;
  createdAt?: Date;
}

export async function insertInstance(db: Database, seed: InstanceSeed): Promise<string> {
  const id = newId("instance");
  await db
    .insertInto("instances")
    .values({
      id,
      workspace_id: seed.workspaceId,
      user_id: seed.userId,
      name: `host-${id.slice(-6)}`,
      platform: "linux",
      presence: seed.presence ?? "offline",
      last_seen_at: seed.lastSeenAt ?? null,
      ...(seed.createdAt ? { created_at: seed.createdAt } : {}),
    })
    .execute();
  return id;
}

export async function instanceRow(db: Database, instanceId: string) {
  return db.selectFrom("instances").selectAll().where("id", "=", instanceId).executeTakeFirstOrThrow();
}
