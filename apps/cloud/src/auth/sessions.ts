import type { SessionTokens } from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import { addSeconds, type Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { CloudError } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { hashSecret, newSecret } from "../secrets.ts";

export interface SessionSettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}

export interface SessionService extends Authenticator {
  /** Starts a new session family (a sign-in, or a device approval when `instanceId` is set). */
  startSession(
    tx: Transaction<CloudDatabase>,
    userId: string,
    instanceId: string | null,
  ): Promise<SessionTokens>;
  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole family. */
  refresh(refreshToken: string): Promise<SessionTokens>;
  signOut(refreshToken: string): Promise<void>;
}

async function mintTokens(
  tx: Transaction<CloudDatabase>,
  family: { id: string; userId: string; instanceId: string | null },
  now: Date,
  settings: SessionSettings,
): Promise<SessionTokens> {
  const accessToken = newSecret("mca");
  const refreshToken = newSecret("mcr");
  const accessTokenExpiresAt = addSeconds(now, settings.accessTokenTtlSeconds);
  await tx
    .insertInto("access_tokens")
    .values({
      token_hash: hashSecret(accessToken),
      family_id: family.id,
      user_id: family.userId,
      instance_id: family.instanceId,
      expires_at: accessTokenExpiresAt,
    })
    .execute();
  await tx
    .insertInto("refresh_tokens")
    .values({
      token_hash: hashSecret(refreshToken),
      family_id: family.id,
      created_at: now,
      expires_at: addSeconds(now, settings.refreshTokenTtlDays * 86_400),
    })
    .execute();
  return {
    accessToken,
    accessTokenExpiresAt: accessTokenExpiresAt.toISOString(),
    refreshToken,
    tokenType: "Bearer",
  };
}

/** Revokes a family: its access tokens stop working now and its event connections are closed. */
export async function revokeFamily(
  tx: Transaction<CloudDatabase>,
  familyId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("session_families")
    .set({ revoked_at: now, revoked_reason: reason })
    .where("id", "=", familyId)
    .where("revoked_at", "is", null)
    .execute();
  await tx.deleteFrom("access_tokens").where("family_id", "=", familyId).execute();
}

export function createSessionService(deps: {
  db: Database;
  runChange: RunChange;
  clock: Clock;
  settings: SessionSettings;
}): SessionService {
  const { db, runChange, clock, settings } = deps;

  return {
    async startSession(tx, userId, instanceId) {
      const now = clock.now();
      const familyId = newId("family");
      await tx
        .insertInto("session_families")
        .values({ id: familyId, user_id: userId, instance_id: instanceId, created_at: now })
        .execute();
      return mintTokens(tx, { id: familyId, userId, instanceId }, now, settings);
    },

    async refresh(refreshToken) {
      const tokenHash = hashSecret(refreshToken);
      const outcome = await runChange(async (change) => {
        const row = await change.tx
          .selectFrom("refresh_tokens as r")
          .innerJoin("session_families as f", "f.id", "r.family_id")
          .select([
            "r.family_id",
            "r.used_at",
            "r.expires_at",
            "f.user_id",
            "f.instance_id",
            "f.revoked_at",
            "f.revoked_reason",
          ])
          .where("r.token_hash", "=", tokenHash)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return { error: new CloudError("AUTH_INVALID", "Unknown refresh token") };
        if (row.revoked_at) {
          return {
            error: new CloudError(
              row.revoked_reason === "instance-revoked" ? "INSTANCE_REVOKED" : "AUTH_INVALID",
              "This session has been revoked; sign in again",
            ),
          };
        }
        if (row.used_at) {
          // A rotated token came back: someone holds a copy. End the whole family, theirs and ours.
          await revokeFamily(change.tx, row.family_id, "refresh-token-reuse", change.now);
          change.afterCommit({ kind: "close-family", familyId: row.family_id });
          return { error: new CloudError("REFRESH_REUSED") };
        }
        if (row.expires_at.getTime() <= change.now.getTime()) {
          return { error: new CloudError("AUTH_EXPIRED", "The refresh token has expired; sign in again") };
        }
        await change.tx
          .updateTable("refresh_tokens")
          .set({ used_at: change.now })
          .where("token_hash", "=", tokenHash)
          .execute();
        const tokens = await mintTokens(
          change.tx,
          { id: row.family_id, userId: row.user_id, instanceId: row.instance_id },
          change.now,
          settings,
        );
        return { tokens };
      });
      // The revocation above must commit, so the error is thrown only after the transaction.
      if ("error" in outcome) throw outcome.error;
      return outcome.tokens;
    },

    async signOut(refreshToken) {
      await runChange(async (change) => {
        const row = await change.tx
          .selectFrom("refresh_tokens")
          .select("family_id")
          .where("token_hash", "=", hashSecret(refreshToken))
          .executeTakeFirst();
        if (!row) return;
        await revokeFamily(change.tx, row.family_id, "signed-out", change.now);
        change.afterCommit({ kind: "close-family", familyId: row.family_id });
      });
    },

    async authenticate(accessToken): Promise<Principal> {
      const row = await db
        .selectFrom("access_tokens as a")
        .innerJoin("session_families as f", "f.id", "a.family_id")
        .leftJoin("instances as i", "i.id", "a.instance_id")
        .select([
          "a.user_id",
          "a.family_id",
          "a.instance_id",
          "a.expires_at",
          "f.revoked_at",
          "i.workspace_id as instance_workspace_id",
          "i.revoked_at as instance_revoked_at",
        ])
        .where("a.token_hash", "=", hashSecret(accessToken))
        .executeTakeFirst();
      if (!row || row.revoked_at) throw new CloudError("AUTH_INVALID", "Unknown or revoked access token");
      if (row.instance_revoked_at) throw new CloudError("INSTANCE_REVOKED");
      if (row.expires_at.getTime() <= clock.now().getTime()) {
        throw new CloudError("AUTH_EXPIRED", "The access token has expired; refresh it");
      }
      return {
        userId: row.user_id,
        familyId: row.family_id,
        instanceId: row.instance_id,
        instanceWorkspaceId: row.instance_workspace_id ?? null,
      };
    },
  };
}
