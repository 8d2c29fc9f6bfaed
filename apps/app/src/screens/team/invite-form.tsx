import type { CreatedInvitation } from "@multiclaw/protocol";
import { type FormEvent, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { SelectField } from "../../ui/select-field.tsx";
import { useCreateInvitation } from "./team-queries.ts";

type InvitedRole = "admin" | "member";

/** How long a link may work, as people choose it; the Cloud allows 1 hour to 30 days. */
const lifetimes = [
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
] as const;

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

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ role, expiresInHours: hours }, { onSuccess: onCreated });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as InvitedRole)}
        >
          <option value="member">Member — uses agents and tasks</option>
          <option value="admin">Admin — also manages people, agents and keys</option>
        </SelectField>
        <SelectField
          label="Link works for"
          value={hours}
          onChange={(event) => setHours(Number(event.target.value))}
        >
          {lifetimes.map((lifetime) => (
            <option key={lifetime.hours} value={lifetime.hours}>
              {lifetime.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create link
        </Button>
      </div>
      <ErrorNotice error={create.error} />
    </form>
  );
}
