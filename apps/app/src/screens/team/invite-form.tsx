import type { CreatedInvitation } from "@multiclaw/protocol";
import { type FormEvent, useId, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { useCreateInvitation } from "./team-queries.ts";

type InvitedRole = "admin" | "member";

/** How long a link may work, as people choose it; the Cloud allows 1 hour to 30 days. */
const lifetimes = [
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
] as const;

const fieldClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Creates an invitation link for a role; the link comes back once and is handed to `onCreated`. */
export function InviteForm({
  workspaceId,
  onCreated,
}: {
  workspaceId: string;
  onCreated: (invitation: CreatedInvitation) => void;
}) {
  const create = useCreateInvitation(workspaceId);
  const [role, setRole] = useState<InvitedRole>("member");
  const [hours, setHours] = useState<number>(72);
  const roleId = useId();
  const hoursId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ role, expiresInHours: hours }, { onSuccess: onCreated });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={roleId} className="text-sm font-medium">
            Role
          </label>
          <select
            id={roleId}
            value={role}
            onChange={(event) => setRole(event.target.value as InvitedRole)}
            className={fieldClass}
          >
            <option value="member">Member — uses agents and tasks</option>
            <option value="admin">Admin — also manages people, agents and keys</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={hoursId} className="text-sm font-medium">
            Link works for
          </label>
          <select
            id={hoursId}
            value={hours}
            onChange={(event) => setHours(Number(event.target.value))}
            className={fieldClass}
          >
            {lifetimes.map((lifetime) => (
              <option key={lifetime.hours} value={lifetime.hours}>
                {lifetime.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create link
        </Button>
      </div>
      <ErrorNotice error={create.error} />
    </form>
  );
}
