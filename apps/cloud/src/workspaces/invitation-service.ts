import type {
  AcceptInvitationResponse,
  CreatedInvitation,
  CreateInvitationRequest,
  Invitation,
  InvitationPreview,
} from "@multiclaw/protocol";
import type { Selectable } from "kysely";
import { addSeconds } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import type { InvitationsTable } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { hashSecret, newSecret } from "../secrets.ts";
import { requireMembership } from "./access.ts";
import { bumpConfigRevision } from "./config-revision.ts";
import { workspaceFor } from "./workspace-dto.ts";

export interface InvitationService {
  create(
    principal: Principal,
    workspaceId: string,
    request: CreateInvitationRequest,
  ): Promise<CreatedInvitation>;
  list(principal: Principal, workspaceId: string): Promise<Invitation[]>;
  revoke(principal: Principal, workspaceId: string, invitationId: string): Promise<void>;
  preview(token: string): Promise<InvitationPreview>;
  accept(principal: Principal, token: string): Promise<AcceptInvitationResponse>;
}

function invitationDto(row: Selectable<InvitationsTable>): Invitation {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    role: row.role,
    createdBy: row.created_by,
    expiresAt: row.expires_at.toISOString(),
    acceptedBy: row.accepted_by,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Invitations are single-use links with an expiry. The link carries a secret token; the Cloud keeps its hash,
 * so a database reader cannot join a workspace.
 */
export function createInvitationService(deps: {
  db: Database;
  runChange: RunChange;
  /** Base of invitation links, e.g. `https://cloud.example/join`. */
  joinUrl: string;
}): InvitationService {
  const { db, runChange } = deps;

  function usable(row: Selectable<InvitationsTable> | undefined, now: Date): Selectable<InvitationsTable> {
    if (!row || row.revoked_at || row.accepted_at || row.expires_at.getTime() <= now.getTime()) {
      throw new CloudError("INVITATION_INVALID", "Ask for a new invitation link");
    }
    return row;
  }

  return {
    async create(principal, workspaceId, request) {
      return runChange(async ({ tx, now }) => {
        await requireMembership(tx, principal, workspaceId, "admin");
        const token = newSecret("mci");
        const row = await tx
          .insertInto("invitations")
          .values({
            id: newId("invitation"),
            workspace_id: workspaceId,
            token_hash: hashSecret(token),
            role: request.role,
            created_by: principal.userId,
            expires_at: addSeconds(now, request.expiresInHours * 3600),
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ...invitationDto(row), token, url: `${deps.joinUrl}#${token}` };
      });
    },

    async list(principal, workspaceId) {
      await requireMembership(db, principal, workspaceId, "admin");
      const rows = await db
        .selectFrom("invitations")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .orderBy("created_at", "desc")
        .limit(500)
        .execute();
      return rows.map(invitationDto);
    },

    async revoke(principal, workspaceId, invitationId) {
      await runChange(async ({ tx, now }) => {
        await requireMembership(tx, principal, workspaceId, "admin");
        const result = await tx
          .updateTable("invitations")
          .set({ revoked_at: now })
          .where("id", "=", invitationId)
          .where("workspace_id", "=", workspaceId)
          .where("accepted_at", "is", null)
          .where("revoked_at", "is", null)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw notFound("invitation");
      });
    },

    async preview(token) {
      const row = await db
        .selectFrom("invitations as i")
        .innerJoin("workspaces as w", "w.id", "i.workspace_id")
        .innerJoin("users as u", "u.id", "i.created_by")
        .selectAll("i")
        .select(["w.name as workspace_name", "u.name as inviter_name"])
        .where("i.token_hash", "=", hashSecret(token))
        .executeTakeFirst();
      const invitation = usable(row, new Date());
      return {
        workspaceName: row?.workspace_name ?? "",
        invitedBy: row?.inviter_name ?? "",
        role: invitation.role,
        expiresAt: invitation.expires_at.toISOString(),
      };
    },

    async accept(principal, token) {
      if (principal.instanceId)
        throw new CloudError("FORBIDDEN", "Accept invitations from a signed-in app session");
      return runChange(async (change) => {
        const { tx, now } = change;
        const invitation = usable(
          await tx
            .selectFrom("invitations")
            .selectAll()
            .where("token_hash", "=", hashSecret(token))
            .forUpdate()
            .executeTakeFirst(),
          now,
        );
        const existing = await tx
          .selectFrom("memberships")
          .select("role")
          .where("workspace_id", "=", invitation.workspace_id)
          .where("user_id", "=", principal.userId)
          .executeTakeFirst();
        if (existing) throw new CloudError("ALREADY_MEMBER");
        await tx
          .insertInto("memberships")
          .values({
            workspace_id: invitation.workspace_id,
            user_id: principal.userId,
            role: invitation.role,
            joined_at: now,
          })
          .execute();
        await tx
          .updateTable("invitations")
          .set({ accepted_at: now, accepted_by: principal.userId })
          .where("id", "=", invitation.id)
          .execute();
        const revision = await bumpConfigRevision(tx, invitation.workspace_id, "members");
        await change.emit(invitation.workspace_id, {
          name: "membership-changed",
          userId: principal.userId,
          change: "joined",
          role: invitation.role,
          revision,
        });
        return { workspace: await workspaceFor(tx, invitation.workspace_id, invitation.role) };
      });
    },
  };
}
