import clsx from "clsx";
import { useId } from "react";
import { useRefreshWorkspaces } from "../api/use-refresh-workspaces.ts";
import { chooseWorkspace, useCurrentWorkspace, useUserSession } from "../api/use-user-session.ts";
import { JoinWorkspaceButton } from "../screens/account/join-workspace-button.tsx";

/**
 * The workspace every screen shows, as a compact select for the sidebar, and joining another from an invitation
 * link; nothing while signed out. With a single workspace it is just its name (a select of one choice would only
 * look broken). Opening the select asks the Cloud again, so a workspace joined elsewhere is among the choices.
 */
export function WorkspaceSwitcher({ className }: { className?: string }) {
  const id = useId();
  const session = useUserSession();
  const current = useCurrentWorkspace();
  const refresh = useRefreshWorkspaces();
  if (session.data?.state !== "signed-in") return null;
  const box =
    "w-full truncate rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      {current ? (
        <>
          <label htmlFor={id} className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Workspace
          </label>
          {current.user.workspaces.length === 1 ? (
            <output id={id} className={clsx(box, "block")} title={current.workspace.name}>
              {current.workspace.name}
            </output>
          ) : (
            <select
              id={id}
              value={current.workspace.workspaceId}
              onChange={(event) => chooseWorkspace(event.target.value)}
              onFocus={() => void refresh()}
              onPointerDown={() => void refresh()}
              className={box}
            >
              {current.user.workspaces.map((each) => (
                <option key={each.workspaceId} value={each.workspaceId}>
                  {each.name}
                </option>
              ))}
            </select>
          )}
        </>
      ) : null}
      <JoinWorkspaceButton variant="ghost" />
    </div>
  );
}
