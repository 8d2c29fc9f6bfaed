import type { Role } from "@multiclaw/protocol";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { Select } from "../../ui/select.tsx";
import { useChangeRole } from "./team-queries.ts";

export const roleNames: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };

/**
 * A member's role, changeable in place when the signed-in person may. The choices are the roles they may
 * grant, plus the member's current one (an admin sees an owner's role, but cannot pick it for anyone).
 */
export function RoleSelect({
  workspaceId,
  member,
  choices,
  disabled,
  describedBy,
}: {
  workspaceId: string;
  member: { userId: string; name: string; role: Role };
  choices: readonly Role[];
  disabled: boolean;
  describedBy?: string | undefined;
}) {
  const changeRole = useChangeRole(workspaceId);
  const options = choices.includes(member.role) ? choices : [member.role, ...choices];
  const shown = changeRole.isPending ? changeRole.variables.role : member.role;
  return (
    <div className="flex flex-col gap-1">
      <Select
        density="compact"
        aria-label={`Role of ${member.name}`}
        aria-describedby={describedBy}
        aria-busy={changeRole.isPending || undefined}
        value={shown}
        disabled={disabled || changeRole.isPending}
        onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
      >
        {options.map((role) => (
          <option key={role} value={role}>
            {roleNames[role]}
          </option>
        ))}
      </Select>
      <ErrorNotice error={changeRole.error} />
    </div>
  );
}
