import type { Provider } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { cloud } from "../../api/clients.ts";

/*
 * The workspace's provider keys at the Cloud. The key itself is write-only: it goes out once in `putProviderKey`
 * and nothing here ever holds it afterwards; listings carry its last four characters.
 */

const keysRoot = ["cloud", "provider-keys"] as const;
export const providerKeysKey = (workspaceId: string) => [...keysRoot, workspaceId] as const;
/** Who set a key is a user id; members' names make it readable. Any member may list them. */
export const membersKey = (workspaceId: string) => ["cloud", "members", workspaceId] as const;

const KEYS_STALE_MS = 30_000;
const MEMBERS_STALE_MS = 60_000;

export const providerKeysOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: providerKeysKey(workspaceId),
    queryFn: ({ signal }) => cloud.call("listProviderKeys", { params: { workspaceId }, signal }),
    staleTime: KEYS_STALE_MS,
  });

export const membersOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: membersKey(workspaceId),
    queryFn: ({ signal }) => cloud.call("listMembers", { params: { workspaceId }, signal }),
    staleTime: MEMBERS_STALE_MS,
  });

export interface PutKeyInput {
  provider: Provider;
  apiKey: string;
  baseUrl?: string;
}

export function usePutProviderKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, apiKey, baseUrl }: PutKeyInput) =>
      cloud.call("putProviderKey", {
        params: { workspaceId, provider },
        body: { apiKey, ...(baseUrl === undefined ? {} : { baseUrl }) },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerKeysKey(workspaceId) }),
  });
}

export function useDeleteProviderKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: Provider) =>
      cloud.call("deleteProviderKey", { params: { workspaceId, provider } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerKeysKey(workspaceId) }),
  });
}
