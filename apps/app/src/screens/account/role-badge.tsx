import type { Role } from "@multiclaw/protocol";

const roleNames: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };

/** A person's role in a workspace, as a small label. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
      {roleNames[role]}
    </span>
  );
}
