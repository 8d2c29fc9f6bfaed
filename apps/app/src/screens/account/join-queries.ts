import { isCloudError } from "@multiclaw/cloud-client";
import type { AcceptInvitationResponse } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { cloud } from "../../api/clients.ts";
import { chooseWorkspace, userSessionKey } from "../../api/use-user-session.ts";

/*
 * Joining a workspace from an invitation, through the gateway's `/cloud` forwarding as the signed-in user: what the
 * link is for (the workspace, who invited, the role), then accepting it. A preview is asked once per code — its
 * answer changes only when the link dies, which accepting says anyway.
 */

export const invitationKeys = {
  root: ["cloud", "invitation-preview"] as const,
  preview: (token: string) => [...invitationKeys.root, token] as const,
};

export function invitationPreviewQuery(token: string) {
  return queryOptions({
    queryKey: invitationKeys.preview(token),
    queryFn: ({ signal }) => cloud.call("previewInvitation", { body: { token }, signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/**
 * Accepts the invitation; once in, the user's workspaces are read again and the new one becomes the current
 * workspace. "Already a member" reads them again too: the person may have joined on the Cloud's page.
 */
export function useJoinWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => cloud.call("acceptInvitation", { body: { token } }),
    onSuccess: async ({ workspace }: AcceptInvitationResponse) => {
      queryClient.removeQueries({ queryKey: invitationKeys.root });
      await queryClient.refetchQueries({ queryKey: userSessionKey });
      chooseWorkspace(workspace.id);
    },
    onError: (error) => {
      if (isCloudError(error) && error.code === "ALREADY_MEMBER") {
        void queryClient.invalidateQueries({ queryKey: userSessionKey });
      }
    },
  });
}
