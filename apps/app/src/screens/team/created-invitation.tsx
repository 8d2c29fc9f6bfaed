import type { CreatedInvitation } from "@multiclaw/protocol";
import { useId } from "react";
import { Button } from "../../ui/button.tsx";
import { CopyButton } from "../../ui/copy-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { roleNames } from "./role-select.tsx";

/**
 * The link of an invitation just created. It is shown only now — the Cloud keeps a hash of its token — so it
 * stays on screen, selectable and copyable, until the person dismisses it.
 */
export function CreatedInvitationLink({
  invitation,
  onDismiss,
}: {
  invitation: CreatedInvitation;
  onDismiss: () => void;
}) {
  const linkId = useId();
  return (
    <div
      role="status"
      className="flex flex-col gap-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950"
    >
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-200">
        Invitation link for a new {roleNames[invitation.role].toLowerCase()}; it expires{" "}
        <RelativeTime at={invitation.expiresAt} />. Send it privately: it is shown only this once.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={linkId} className="sr-only">
          Invitation link
        </label>
        <input
          id={linkId}
          readOnly
          value={invitation.url}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
        />
        <CopyButton label="Copy link" appearance="button" getText={() => invitation.url} />
        <Button variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  );
}
