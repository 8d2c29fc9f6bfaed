import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { userSessionKey } from "./use-user-session.ts";

/**
 * Asks the Cloud again which workspaces the user is in (a workspace joined on the Cloud's page, or a removal), when
 * the list is on screen. A refresh already under way is joined, not restarted, so callers may ask often.
 *
 * @example const refresh = useRefreshWorkspaces(); <select onFocus={refresh} />
 */
export function useRefreshWorkspaces(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.refetchQueries({ queryKey: userSessionKey, type: "active" }, { cancelRefetch: false }),
    [queryClient],
  );
}
