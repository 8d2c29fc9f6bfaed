import type { CreatedInvitation, Role } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { useNow } from "../../ui/use-now.ts";
import { CreatedInvitationLink } from "./created-invitation.tsx";
import { InvitationList } from "./invitation-list.tsx";
import { InviteForm } from "./invite-form.tsx";
import { pendingInvitations } from "./pending-invitations.ts";
import { mayInvite } from "./team-permissions.ts";
import { invitationsQuery, membersQuery } from "./team-queries.ts";

/** Invitation links: create one for a role and copy it, see the open ones, revoke any. Owners and admins only. */
export function InvitationsSection({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const verdict = mayInvite(role);
  const invitations = useQuery(invitationsQuery(workspaceId, verdict.allowed));
  const members = useQuery(membersQuery(workspaceId));
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const now = useNow(30_000);
  const open = useMemo(
    () => pendingInvitations(invitations.data?.invitations ?? [], now),
    [invitations.data, now],
  );
  const names = useMemo(
    () => new Map((members.data?.members ?? []).map((member) => [member.userId, member.name])),
    [members.data],
  );
  return (
    <section aria-labelledby="invitations-heading" className="flex flex-col gap-3 px-4 py-5 sm:px-6">
      <div>
        <h2 id="invitations-heading" className="text-base font-semibold">
          Invitations
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A link lets one person join with the role you choose, once, until it expires.
        </p>
      </div>
      {verdict.allowed ? (
        <>
          <InviteForm workspaceId={workspaceId} onCreated={setCreated} />
          {created ? <CreatedInvitationLink invitation={created} onDismiss={() => setCreated(null)} /> : null}
          <ErrorNotice error={invitations.error} />
          {invitations.isPending ? (
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              Loading invitations…
            </p>
          ) : (
            <InvitationList
              workspaceId={workspaceId}
              invitations={open}
              nameOf={(userId) => names.get(userId) ?? "a former member"}
              now={now}
            />
          )}
        </>
      ) : (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
          {verdict.reason} Ask one of them for a link to share.
        </p>
      )}
    </section>
  );
}
