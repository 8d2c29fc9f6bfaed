import clsx from "clsx";
import { useId } from "react";
import { chooseWorkspace, useCurrentWorkspace } from "../api/use-user-session.ts";

/**
 * The workspace every screen shows, as a compact select for the sidebar; nothing while signed out. With a single
 * workspace it is just its name (a select of one choice would only look broken).
 */
export function WorkspaceSwitcher({ className }: { className?: string }) {
  const id = useId();
  const current = useCurrentWorkspace();
  if (!current) return null;
  const { user, workspace } = current;
  const box =
    "w-full truncate rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Workspace
      </label>
      {user.workspaces.length === 1 ? (
        <output id={id} className={clsx(box, "block")} title={workspace.name}>
          {workspace.name}
        </output>
      ) : (
        <select
          id={id}
          value={workspace.workspaceId}
          onChange={(event) => chooseWorkspace(event.target.value)}
          className={box}
        >
          {user.workspaces.map((each) => (
            <option key={each.workspaceId} value={each.workspaceId}>
              {each.name}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
