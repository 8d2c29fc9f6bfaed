import { useEffect } from "react";
import { useRefreshWorkspaces } from "../api/use-refresh-workspaces.ts";
import { followWindowFocus } from "./follow-window-focus.ts";

/** Coming back to the App (from the Cloud's page, from another window) refreshes the user's workspaces. */
export function useWorkspacesFollowFocus(): void {
  const refresh = useRefreshWorkspaces();
  useEffect(() => followWindowFocus(window, () => void refresh()), [refresh]);
}
