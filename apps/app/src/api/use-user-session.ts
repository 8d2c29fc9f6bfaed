import type { SignedInUser, UserWorkspace } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { gateway } from "./clients.ts";

/** The query key of `GET /v1/user`; invalidate it after signing in or out. */
export const userSessionKey = ["gateway", "user"] as const;

/** Who is signed in to the Cloud through this gateway (or that no one is). */
export function useUserSession() {
  return useQuery({ queryKey: userSessionKey, queryFn: () => gateway.user() });
}

/*
 * The workspace the screens show. The choice is the person's and survives a reload (a workspace id is not a
 * secret); when it is not one of theirs any more, the first of their workspaces is used.
 */
const WORKSPACE_KEY = "multiclaw.workspace";
const listeners = new Set<() => void>();

export function chooseWorkspace(workspaceId: string): void {
  window.localStorage.setItem(WORKSPACE_KEY, workspaceId);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current workspace of the signed-in user, with their role in it; null while signed out. */
export function useCurrentWorkspace(): { user: SignedInUser; workspace: UserWorkspace } | null {
  const session = useUserSession();
  const chosen = useSyncExternalStore(subscribe, () => window.localStorage.getItem(WORKSPACE_KEY));
  const user = session.data?.state === "signed-in" ? session.data : null;
  if (!user) return null;
  const workspace = user.workspaces.find((w) => w.workspaceId === chosen) ?? user.workspaces[0];
  return workspace ? { user, workspace } : null;
}
