import type { RouteBinder } from "../http/bind-routes.ts";
import type { InvitationService } from "./invitation-service.ts";
import type { MembershipService } from "./membership-service.ts";
import type { WorkspaceService } from "./workspace-service.ts";

export function registerWorkspaceRoutes(
  binder: RouteBinder,
  services: { workspaces: WorkspaceService; members: MembershipService; invitations: InvitationService },
): void {
  const { workspaces, members, invitations } = services;
  binder.bind("listWorkspaces", async ({ principal }) => ({ workspaces: await workspaces.list(principal) }));
  binder.bind("createWorkspace", ({ principal, body }) => workspaces.create(principal, body));
  binder.bind("getWorkspace", ({ principal, params }) => workspaces.get(principal, params.workspaceId));
  binder.bind("renameWorkspace", ({ principal, params, body }) =>
    workspaces.rename(principal, params.workspaceId, body),
  );

  binder.bind("listMembers", async ({ principal, params }) => ({
    members: await members.list(principal, params.workspaceId),
  }));
  binder.bind("changeRole", ({ principal, params, body }) =>
    members.changeRole(principal, params.workspaceId, params.userId, body),
  );
  binder.bind("removeMember", async ({ principal, params }) => {
    await members.remove(principal, params.workspaceId, params.userId);
    return undefined;
  });

  binder.bind("createInvitation", ({ principal, params, body }) =>
    invitations.create(principal, params.workspaceId, body),
  );
  binder.bind("listInvitations", async ({ principal, params }) => ({
    invitations: await invitations.list(principal, params.workspaceId),
  }));
  binder.bind("revokeInvitation", async ({ principal, params }) => {
    await invitations.revoke(principal, params.workspaceId, params.invitationId);
    return undefined;
  });
  binder.bind("previewInvitation", ({ body }) => invitations.preview(body.token));
  binder.bind("acceptInvitation", ({ principal, body }) => invitations.accept(principal, body.token));
}
