import type { UpdateCheckResult, UpdateStatus } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { gateway } from "../../api/clients.ts";

/*
 * The update check's server state: the gateway's status (installed version, last outcome), read at launch,
 * and the manual check, whose answer lands in that same entry so the offer shows wherever the status is read.
 */

export const updateStatusKey = ["gateway", "updates"] as const;

/** The gateway checks as it starts; while that check runs the App asks again this often. */
const WHILE_CHECKING_MS = 1_000;
/** Otherwise now and then, for a check started from the terminal. */
const SETTLED_MS = 30 * 60_000;

export const updateStatusOptions = () =>
  queryOptions({
    queryKey: updateStatusKey,
    queryFn: ({ signal }): Promise<UpdateStatus> => gateway.updateStatus({ signal }),
    staleTime: (query) => (query.state.data?.checking ? 0 : SETTLED_MS),
    refetchInterval: (query) => (query.state.data?.checking ? WHILE_CHECKING_MS : SETTLED_MS),
    refetchOnWindowFocus: false,
  });

/** "Check for updates": asks the gateway to check now, and keeps the outcome as the last check's. */
export function useCheckForUpdates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<UpdateCheckResult> => gateway.checkForUpdates(),
    onSuccess: (result) => {
      queryClient.setQueryData<UpdateStatus>(updateStatusKey, (status) =>
        status ? { ...status, checking: false, last: result } : status,
      );
      // The gateway keeps the outcome for GET /v1/updates too; asking again fills a status not yet read.
      void queryClient.invalidateQueries({ queryKey: updateStatusKey });
    },
  });
}
