import { randomInt } from "node:crypto";
import type {
  DeviceApproveRequest,
  DeviceCodeRequest,
  DeviceCodeResponse,
  DeviceLookupResponse,
  DeviceTokenResponse,
} from "@multiclaw/protocol";
import { addSeconds, type Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError, notFound } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { hashSecret, newSecret } from "../secrets.ts";
import { requireMembership } from "../workspaces/access.ts";
import type { SessionService } from "./sessions.ts";

/** Consonants only: no vowels means no accidental words, and no 0/O or 1/I to confuse (as RFC 8628 §6.1 advises). */
const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const CODE_LIFETIME_SECONDS = 600;

export interface DeviceFlowSettings {
  /** Where a person approves a device; the user code is appended as `?code=`. */
  verificationUri: string;
  pollIntervalSeconds: number;
}

function newUserCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

function displayUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export interface DeviceFlow {
  requestCode(request: DeviceCodeRequest): Promise<DeviceCodeResponse>;
  lookup(userCode: string): Promise<DeviceLookupResponse>;
  approve(principal: Principal, request: DeviceApproveRequest): Promise<void>;
  pollToken(deviceCode: string): Promise<DeviceTokenResponse>;
}

/**
 * Device authorization in the spirit of RFC 8628: a gateway asks for a code, shows it, and polls; a signed-in
 * user approves it for one workspace; the gateway then receives a device credential bound to a new instance.
 */
export function createDeviceFlow(deps: {
  db: Database;
  runChange: RunChange;
  clock: Clock;
  sessions: SessionService;
  settings: DeviceFlowSettings;
}): DeviceFlow {
  const { db, runChange, clock, sessions, settings } = deps;

  async function pendingByUserCode(userCode: string) {
    const normalised = userCode.toUpperCase().replaceAll("-", "").trim();
    const row = await db
      .selectFrom("device_codes")
      .selectAll()
      .where("user_code", "=", normalised)
      .executeTakeFirst();
    if (!row || row.consumed_at || row.approved_by || row.denied) throw notFound("device code");
    if (row.expires_at.getTime() <= clock.now().getTime()) {
      throw new CloudError("DEVICE_CODE_EXPIRED", "This code has expired; start `multiclaw login` again");
    }
    return row;
  }

  return {
    async requestCode(request) {
      const now = clock.now();
      const deviceCode = newSecret("mcd");
      // A collision on the unique user code is astronomically rare; retry rather than fail.
      for (let attempt = 0; ; attempt++) {
        const userCode = newUserCode();
        const inserted = await db
          .insertInto("device_codes")
          .values({
            device_code_hash: hashSecret(deviceCode),
            user_code: userCode,
            instance_name: request.instanceName,
            platform: request.platform,
            interval_seconds: settings.pollIntervalSeconds,
            created_at: now,
            expires_at: addSeconds(now, CODE_LIFETIME_SECONDS),
          })
          .onConflict((oc) => oc.column("user_code").doNothing())
          .returning("user_code")
          .executeTakeFirst();
        if (inserted) {
          const shown = displayUserCode(userCode);
          return {
            deviceCode,
            userCode: shown,
            verificationUri: settings.verificationUri,
            verificationUriComplete: `${settings.verificationUri}?code=${shown}`,
            expiresIn: CODE_LIFETIME_SECONDS,
            interval: settings.pollIntervalSeconds,
          };
        }
        if (attempt > 5) throw new CloudError("INTERNAL", "Could not allocate a user code");
      }
    },

    async lookup(userCode) {
      const row = await pendingByUserCode(userCode);
      return {
        userCode: displayUserCode(row.user_code),
        instanceName: row.instance_name,
        platform: row.platform as DeviceLookupResponse["platform"],
        expiresAt: row.expires_at.toISOString(),
      };
    },

    async approve(principal, request) {
      if (principal.instanceId)
        throw new CloudError("FORBIDDEN", "Approve devices from a signed-in app session");
      await requireMembership(db, principal, request.workspaceId);
      const row = await pendingByUserCode(request.userCode);
      const updated = await db
        .updateTable("device_codes")
        .set(
          request.approve
            ? { approved_by: principal.userId, workspace_id: request.workspaceId }
            : { denied: true, approved_by: principal.userId },
        )
        .where("device_code_hash", "=", row.device_code_hash)
        .where("approved_by", "is", null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw notFound("device code");
    },

    async pollToken(deviceCode) {
      const outcome = await runChange(async ({ tx, now }) => {
        const row = await tx
          .selectFrom("device_codes")
          .selectAll()
          .where("device_code_hash", "=", hashSecret(deviceCode))
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.consumed_at)
          return { error: new CloudError("AUTH_INVALID", "Unknown or used device code") };
        if (row.expires_at.getTime() <= now.getTime())
          return { error: new CloudError("DEVICE_CODE_EXPIRED") };
        if (row.denied) return { error: new CloudError("DEVICE_DENIED") };
        // RFC 8628's slow_down is a kind of authorization_pending: a code already approved is granted however
        // soon it is asked for, so a device told of the approval (the embedded start tells its gateway) need
        // not wait out its interval.
        const approved = row.approved_by !== null && row.workspace_id !== null;
        const tooSoon =
          !approved &&
          row.last_polled_at !== null &&
          now.getTime() - row.last_polled_at.getTime() < row.interval_seconds * 1000;
        await tx
          .updateTable("device_codes")
          .set({
            last_polled_at: now,
            // RFC 8628 §3.5: a client that polls too fast waits five more seconds from then on.
            interval_seconds: tooSoon ? row.interval_seconds + 5 : row.interval_seconds,
          })
          .where("device_code_hash", "=", row.device_code_hash)
          .execute();
        if (tooSoon) {
          return {
            error: new CloudError("SLOW_DOWN", undefined, { retryAfterSeconds: row.interval_seconds + 5 }),
          };
        }
        if (!row.approved_by || !row.workspace_id) {
          return {
            error: new CloudError("AUTHORIZATION_PENDING", undefined, {
              retryAfterSeconds: row.interval_seconds,
            }),
          };
        }
        const stillMember = await tx
          .selectFrom("memberships")
          .select("role")
          .where("workspace_id", "=", row.workspace_id)
          .where("user_id", "=", row.approved_by)
          .executeTakeFirst();
        if (!stillMember)
          return { error: new CloudError("DEVICE_DENIED", "The approving user left the workspace") };
        const instanceId = newId("instance");
        await tx
          .insertInto("instances")
          .values({
            id: instanceId,
            workspace_id: row.workspace_id,
            user_id: row.approved_by,
            name: row.instance_name,
            platform: row.platform,
            created_at: now,
          })
          .execute();
        await tx
          .updateTable("device_codes")
          .set({ consumed_at: now })
          .where("device_code_hash", "=", row.device_code_hash)
          .execute();
        const tokens = await sessions.startSession(tx, row.approved_by, instanceId);
        return {
          response: { tokens, instanceId, workspaceId: row.workspace_id, userId: row.approved_by },
        };
      });
      // Errors are thrown after the transaction so the poll time (slow-down bookkeeping) is kept.
      if ("error" in outcome) throw outcome.error;
      return outcome.response;
    },
  };
}
