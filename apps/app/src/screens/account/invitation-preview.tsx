import type { InvitationPreview } from "@multiclaw/protocol";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { RoleBadge } from "./role-badge.tsx";

/** What an invitation is for, before the person joins: the workspace, who invited them, the role, the expiry. */
export function InvitationPreviewCard({ preview }: { preview: InvitationPreview }) {
  return (
    <section
      aria-label="Invitation"
      className="flex flex-col gap-1 rounded-md border border-indigo-200 bg-indigo-50 p-3 dark:border-indigo-900 dark:bg-indigo-950"
    >
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {preview.invitedBy ? `${preview.invitedBy} invited you to join` : "You are invited to join"}
      </p>
      <p className="flex flex-wrap items-center gap-2">
        <span className="text-base font-semibold break-words">{preview.workspaceName}</span>
        <RoleBadge role={preview.role} />
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        The link expires <RelativeTime at={preview.expiresAt} />.
      </p>
    </section>
  );
}
