import type { UserWorkspace } from "@multiclaw/protocol";
import { Check } from "lucide-react";
import { chooseWorkspace } from "../../api/use-user-session.ts";
import { Button } from "../../ui/button.tsx";
import { JoinWorkspaceButton } from "./join-workspace-button.tsx";
import { RoleBadge } from "./role-badge.tsx";

/**
 * The user's workspaces with their role in each; the screens show the current one, any can become it, and another
 * can be joined from an invitation link.
 */
export function WorkspaceList({
  workspaces,
  currentId,
}: {
  workspaces: readonly UserWorkspace[];
  currentId: string | null;
}) {
  return (
    <section aria-labelledby="workspaces-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="workspaces-title" className="text-base font-semibold">
          Workspaces
        </h2>
        <JoinWorkspaceButton className="items-end" />
      </div>
      {workspaces.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You are in no workspace. Ask a teammate for an invitation link, then join with it.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {workspaces.map((workspace) => {
            const current = workspace.workspaceId === currentId;
            return (
              <li key={workspace.workspaceId} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <span className="min-w-0 flex-1 font-medium break-words">{workspace.name}</span>
                <RoleBadge role={workspace.role} />
                {current ? (
                  <span className="inline-flex items-center gap-1 text-sm text-emerald-700 dark:text-emerald-400">
                    <Check aria-hidden className="size-4" />
                    Current
                  </span>
                ) : (
                  <Button
                    onClick={() => chooseWorkspace(workspace.workspaceId)}
                    aria-label={`Switch to ${workspace.name}`}
                  >
                    Switch
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
