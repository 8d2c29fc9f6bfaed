import type { Role } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { cloud, gateway } from "../../api/clients.ts";
import { userSessionKey } from "../../api/use-user-session.ts";

/*
 * The workspace's people, their machines and the invitation links, from the Cloud. Presence changes on its
 * own (a laptop closes), so instances are re-read every 15 s while the screen is visible; the rest changes
 * when someone acts, and every action here invalidates the whole team root.
 */

const INSTANCES_REFRESH_MS = 15_000;
const MEMBERS_REFRESH_MS = 30_000;

export const teamKeys = {
  root: ["cloud", "team"] as const,
  members: (workspaceId: string) => [...teamKeys.root, workspaceId, "members"] as const,
  instances: (workspaceId: string) => [...teamKeys.root, workspaceId, "instances"] as const,
  invitations: (workspaceId: string) => [...teamKeys.root, workspaceId, "invitations"] as const,
  thisGateway: () => [...teamKeys.root, "this-gateway"] as const,
};

export function membersQuery(workspaceId: string) {
  return queryOptions({
    queryKey: teamKeys.members(workspaceId),
    queryFn: ({ signal }) => cloud.call("listMembers", { params: { workspaceId }, signal }),
    refetchInterval: MEMBERS_REFRESH_MS,
  });
}

export function instancesQuery(workspaceId: string) {
  return queryOptions({
    queryKey: teamKeys.instances(workspaceId),
    queryFn: ({ signal }) => cloud.call("listInstances", { params: { workspaceId }, signal }),
    refetchInterval: INSTANCES_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

/** Only owners and admins may list invitations; the caller passes whether to ask at all. */
export function invitationsQuery(workspaceId: string, enabled: boolean) {
  return queryOptions({
    queryKey: teamKeys.invitations(workspaceId),
    queryFn: ({ signal }) => cloud.call("listInvitations", { params: { workspaceId }, signal }),
    enabled,
  });
}

/** Which instance is the gateway serving this page, so its row can say "this computer". */
export function thisGatewayQuery() {
  return queryOptions({
    queryKey: teamKeys.thisGateway(),
    queryFn: async ({ signal }) => (await gateway.status({ signal })).signedIn?.instance.instanceId ?? null,
    staleTime: 60_000,
  });
}

function useInvalidateTeam() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: teamKeys.root });
}

export function useChangeRole(workspaceId: string) {
  const invalidate = useInvalidateTeam();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      cloud.call("changeRole", { params: { workspaceId, userId }, body: { role } }),
    // The person's own role may be the one that changed, and with it what every screen allows.
    onSettled: () => Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: userSessionKey })]),
  });
}

export function useRemoveMember(workspaceId: string) {
  const invalidate = useInvalidateTeam();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId }: { userId: string }) =>
      cloud.call("removeMember", { params: { workspaceId, userId } }),
    // Leaving takes the workspace out of the person's list.
    onSuccess: () => Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: userSessionKey })]),
  });
}

export function useCreateInvitation(workspaceId: string) {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (request: { role: "admin" | "member"; expiresInHours: number }) =>
      cloud.call("createInvitation", { params: { workspaceId }, body: request }),
    onSuccess: invalidate,
  });
}

export function useRevokeInvitation(workspaceId: string) {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: ({ invitationId }: { invitationId: string }) =>
      cloud.call("revokeInvitation", { params: { workspaceId, invitationId } }),
    onSettled: invalidate,
  });
}

/** Revokes a gateway's device credential for the workspace: it is signed out and stops syncing. */
export function useSignOutInstance(workspaceId: string) {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: ({ instanceId }: { instanceId: string }) =>
      cloud.call("revokeInstance", { params: { workspaceId, instanceId } }),
    onSettled: invalidate,
  });
}
