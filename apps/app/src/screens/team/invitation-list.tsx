import type { Invitation } from "@multiclaw/protocol";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { roleNames } from "./role-select.tsx";
import { useRevokeInvitation } from "./team-queries.ts";

/** Links that still work, each revocable; who made it and when it expires. */
export function InvitationList({
  workspaceId,
  invitations,
  nameOf,
  now,
}: {
  workspaceId: string;
  invitations: readonly Invitation[];
  nameOf: (userId: string) => string;
  now: number;
}) {
  const revoke = useRevokeInvitation(workspaceId);
  if (invitations.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No open invitation links.</p>;
  }
  return (
    <ul aria-label="Open invitation links" className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {invitations.map((invitation) => (
        <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
          <div className="min-w-0 text-sm">
            <span className="font-medium">{roleNames[invitation.role]}</span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {" "}
              · by {nameOf(invitation.createdBy)} <RelativeTime at={invitation.createdAt} now={now} /> ·
              expires <RelativeTime at={invitation.expiresAt} now={now} />
            </span>
          </div>
          <ConfirmButton
            label="Revoke"
            ariaLabel={`Revoke the ${roleNames[invitation.role].toLowerCase()} invitation made by ${nameOf(invitation.createdBy)}`}
            title="Revoke this invitation link?"
            confirmLabel="Revoke link"
            confirmVariant="danger"
            onConfirm={() => revoke.mutateAsync({ invitationId: invitation.id })}
          >
            Whoever has the link can no longer join with it. People who already joined stay.
          </ConfirmButton>
        </li>
      ))}
    </ul>
  );
}
