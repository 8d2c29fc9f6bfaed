import { z } from "zod";
import { DisplayName, InvitationId, Role, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";

export const Workspace = z.object({
  id: WorkspaceId,
  name: z.string(),
  role: Role.describe("The caller's role in this workspace"),
  configRevision: z.number().int().nonnegative(),
  createdAt: Timestamp,
});
export type Workspace = z.infer<typeof Workspace>;

export const WorkspaceList = z.object({ workspaces: z.array(Workspace) });
export type WorkspaceList = z.infer<typeof WorkspaceList>;

export const CreateWorkspaceRequest = z.strictObject({ name: DisplayName });
export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceRequest>;

export const RenameWorkspaceRequest = z.strictObject({ name: DisplayName });
export type RenameWorkspaceRequest = z.infer<typeof RenameWorkspaceRequest>;

export const Member = z.object({
  userId: UserId,
  email: z.string(),
  name: z.string(),
  role: Role,
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const MemberList = z.object({ members: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;

export const ChangeRoleRequest = z.strictObject({ role: Role });
export type ChangeRoleRequest = z.infer<typeof ChangeRoleRequest>;

export const CreateInvitationRequest = z.strictObject({
  role: z.enum(["admin", "member"]).default("member"),
  /** How long the link works; at most 30 days. */
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

export const Invitation = z.object({
  id: InvitationId,
  workspaceId: WorkspaceId,
  role: Role,
  createdBy: UserId,
  expiresAt: Timestamp,
  acceptedBy: UserId.nullable(),
  acceptedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

/** Only the response to creation carries the secret token and the link; the Cloud keeps a hash. */
export const CreatedInvitation = Invitation.extend({ token: z.string(), url: z.string() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationList = z.object({ invitations: z.array(Invitation) });
export type InvitationList = z.infer<typeof InvitationList>;

export const InvitationPreview = z.object({
  workspaceName: z.string(),
  invitedBy: z.string(),
  role: Role,
  expiresAt: Timestamp,
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const AcceptInvitationRequest = z.strictObject({ token: z.string().min(16).max(256) });
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const AcceptInvitationResponse = z.object({ workspace: Workspace });
export type AcceptInvitationResponse = z.infer<typeof AcceptInvitationResponse>;
