import type { Instance, Member, Role } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { useNow } from "../../ui/use-now.ts";
import { MemberRow } from "./member-row.tsx";
import { ownerCount, teamLimit } from "./team-permissions.ts";
import { instancesQuery, membersQuery } from "./team-queries.ts";

const roleOrder: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

function byRoleThenName(a: Member, b: Member): number {
  return roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name);
}

function instancesByUser(instances: readonly Instance[]): Map<string, Instance[]> {
  const byUser = new Map<string, Instance[]>();
  for (const instance of instances)
    byUser.set(instance.userId, [...(byUser.get(instance.userId) ?? []), instance]);
  return byUser;
}

/** Everyone in the workspace with their role and their gateways' presence. */
export function MembersSection({
  workspaceId,
  workspaceName,
  actor,
}: {
  workspaceId: string;
  workspaceName: string;
  actor: { userId: string; role: Role };
}) {
  const members = useQuery(membersQuery(workspaceId));
  const instances = useQuery(instancesQuery(workspaceId));
  const now = useNow(30_000);
  const sorted = useMemo(() => [...(members.data?.members ?? [])].sort(byRoleThenName), [members.data]);
  const machines = useMemo(() => instancesByUser(instances.data?.instances ?? []), [instances.data]);
  const owners = ownerCount(sorted);
  const limit = teamLimit(actor.role);
  const online = (instances.data?.instances ?? []).filter((i) => i.presence === "connected").length;
  return (
    <section aria-labelledby="members-heading" className="border-b border-zinc-200 dark:border-zinc-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pt-5 pb-2 sm:px-6">
        <h2 id="members-heading" className="text-base font-semibold">
          Members
        </h2>
        {members.data ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {sorted.length} {sorted.length === 1 ? "person" : "people"} · {online} gateway
            {online === 1 ? "" : "s"} connected
          </p>
        ) : null}
      </div>
      {limit ? <p className="px-4 pb-2 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">{limit}</p> : null}
      <ErrorNotice error={members.error ?? instances.error} className="mx-4 my-2 sm:mx-6" />
      {members.isPending ? (
        <p role="status" className="px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">
          Loading members…
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {sorted.map((member) => (
            <MemberRow
              key={member.userId}
              workspaceId={workspaceId}
              workspaceName={workspaceName}
              member={member}
              instances={machines.get(member.userId) ?? []}
              actor={actor}
              owners={owners}
              showReasons={limit === null}
              now={now}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
