import type { SignedInUser, UserWorkspace } from "@multiclaw/protocol";
import { LogIn } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "wouter";
import { useCurrentWorkspace, useUserSession } from "../api/use-user-session.ts";
import { EmptyState } from "./empty-state.tsx";
import { ErrorNotice } from "./error-notice.tsx";

export interface UserContext {
  user: SignedInUser;
  workspace: UserWorkspace;
}

/**
 * Shows its children only while a user is signed in to the Cloud through the gateway, with the workspace the
 * person chose; otherwise a short line on what is missing and a link to the Account screen.
 *
 * @example
 * <RequireUser what="your team's tasks">{({ workspace }) => <TaskList workspaceId={workspace.workspaceId} />}</RequireUser>
 */
export function RequireUser({
  what,
  children,
}: {
  /** What the screen would show, as the end of "Sign in to your Cloud to see …". */
  what: string;
  children: (context: UserContext) => ReactNode;
}) {
  const session = useUserSession();
  const current = useCurrentWorkspace();
  if (session.isPending) {
    return (
      <p role="status" className="px-6 py-8 text-sm text-zinc-600 dark:text-zinc-400">
        Checking who is signed in…
      </p>
    );
  }
  if (session.isError) return <ErrorNotice error={session.error} className="m-6" />;
  if (session.data.state === "signed-out") {
    return (
      <EmptyState title={`Sign in to your Cloud to see ${what}`}>
        <Link
          href="/account"
          className="mt-2 inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          <LogIn aria-hidden className="size-4" />
          Sign in
        </Link>
      </EmptyState>
    );
  }
  if (!current) {
    // Signed in, but a member of no workspace (removed from the last one): nothing here to show yet.
    return (
      <EmptyState title="You are not in a workspace">
        Ask a teammate for an invitation link, or see your account on the{" "}
        <Link href="/account" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Account
        </Link>{" "}
        screen.
      </EmptyState>
    );
  }
  return <>{children(current)}</>;
}
