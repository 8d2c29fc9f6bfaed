import type { Role } from "@multiclaw/protocol";
import { ErrorNotice } from "../../ui/error-notice.tsx";
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
      <select
        aria-label={`Role of ${member.name}`}
        aria-describedby={describedBy}
        aria-busy={changeRole.isPending || undefined}
        value={shown}
        disabled={disabled || changeRole.isPending}
        onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {options.map((role) => (
          <option key={role} value={role}>
            {roleNames[role]}
          </option>
        ))}
      </select>
      <ErrorNotice error={changeRole.error} />
    </div>
  );
}
