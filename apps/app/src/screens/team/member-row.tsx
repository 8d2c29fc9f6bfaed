import type { Instance, Member, Role } from "@multiclaw/protocol";
import { useId } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { InstanceList } from "./instance-list.tsx";
import { RoleSelect } from "./role-select.tsx";
import { grantableRoles, mayChangeRole, mayRemove } from "./team-permissions.ts";
import { useRemoveMember } from "./team-queries.ts";

function initials(member: Member): string {
  const letters = member.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase());
  return letters.join("") || (member.email[0]?.toUpperCase() ?? "?");
}

/** One person of the workspace: who, their role (changeable when allowed), their gateways, and removal. */
export function MemberRow({
  workspaceId,
  workspaceName,
  member,
  instances,
  actor,
  owners,
  showReasons,
  now,
}: {
  workspaceId: string;
  workspaceName: string;
  member: Member;
  instances: readonly Instance[];
  actor: { userId: string; role: Role };
  owners: number;
  /** False when one notice above the list already says why this person can manage no one. */
  showReasons: boolean;
  now: number;
}) {
  const remove = useRemoveMember(workspaceId);
  const reasonId = useId();
  const isYou = member.userId === actor.userId;
  const roleVerdict = mayChangeRole(actor.role, member, owners);
  const removeVerdict = mayRemove(actor, member, owners);
  const reasons = [roleVerdict, removeVerdict].flatMap((verdict) =>
    verdict.allowed ? [] : [verdict.reason],
  );
  const reason = showReasons ? [...new Set(reasons)].join(" ") : "";
  return (
    <li className="grid gap-3 px-4 py-4 sm:px-6 md:grid-cols-[minmax(0,1fr)_auto] md:items-start">
      <div className="flex min-w-0 gap-3">
        <span
          aria-hidden
          className="flex size-9 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
        >
          {initials(member)}
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-medium">
            {member.name}
            {isYou ? (
              <span className="ml-2 text-xs font-normal text-zinc-600 dark:text-zinc-400">(you)</span>
            ) : null}
          </h3>
          <p className="text-sm break-words text-zinc-600 dark:text-zinc-400">
            {member.email} · joined <RelativeTime at={member.joinedAt} now={now} />
          </p>
          <div className="mt-2">
            <InstanceList workspaceId={workspaceId} instances={instances} actor={actor} now={now} />
          </div>
        </div>
      </div>
      <div className="flex flex-col gap-1.5 md:items-end">
        <div className="flex items-start gap-2">
          <RoleSelect
            workspaceId={workspaceId}
            member={member}
            choices={grantableRoles(actor.role)}
            disabled={!roleVerdict.allowed}
            describedBy={reason ? reasonId : undefined}
          />
          <ConfirmButton
            label={isYou ? "Leave" : "Remove"}
            ariaLabel={isYou ? `Leave ${workspaceName}` : `Remove ${member.name}`}
            title={isYou ? `Leave ${workspaceName}?` : `Remove ${member.name} from ${workspaceName}?`}
            confirmLabel={isYou ? "Leave workspace" : "Remove"}
            confirmVariant="danger"
            disabled={!removeVerdict.allowed}
            onConfirm={() => remove.mutateAsync({ userId: member.userId })}
          >
            {isYou
              ? "You lose access to its tasks, agents and keys, and your gateways are signed out of it. You need a new invitation to come back."
              : `${member.name} loses access at once and their gateways (${instances.length}) are signed out of this workspace. Tasks they created stay.`}
          </ConfirmButton>
        </div>
        {reason ? (
          <p id={reasonId} className="max-w-xs text-xs text-zinc-600 md:text-right dark:text-zinc-400">
            {reason}
          </p>
        ) : null}
      </div>
    </li>
  );
}
