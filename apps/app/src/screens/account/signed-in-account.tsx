import type { SignedInUser } from "@multiclaw/protocol";
import { LogOut } from "lucide-react";
import { useCurrentWorkspace } from "../../api/use-user-session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { WorkspaceList } from "./workspace-list.tsx";

/** Who is signed in, at which Cloud, their workspaces, and signing out. */
export function SignedInAccount({
  user,
  onSignOut,
}: {
  user: SignedInUser;
  /** Resolves once signed out; the screen says whether the Cloud could be told. */
  onSignOut: () => Promise<unknown>;
}) {
  const current = useCurrentWorkspace();
  return (
    <div className="flex w-full max-w-2xl flex-col gap-6">
      <section
        aria-labelledby="account-title"
        className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
      >
        <div className="min-w-0">
          <h2 id="account-title" className="text-lg font-semibold">
            {user.account.name}
          </h2>
          <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{user.account.email}</p>
          <p className="mt-2 truncate text-sm text-zinc-600 dark:text-zinc-400">
            Signed in to <span className="font-medium text-zinc-900 dark:text-zinc-100">{user.cloudUrl}</span>
          </p>
        </div>
        <ConfirmButton
          label="Sign out"
          icon={<LogOut aria-hidden className="size-4" />}
          title="Sign out of your Cloud?"
          confirmLabel="Sign out"
          onConfirm={onSignOut}
        >
          The gateway forgets your session on this machine and ends it at the Cloud. The gateway's own sign-in
          as a device of your workspace stays as it is.
        </ConfirmButton>
      </section>
      <WorkspaceList workspaces={user.workspaces} currentId={current?.workspace.workspaceId ?? null} />
    </div>
  );
}
