import type { SignedInUser, UserWorkspace } from "@multiclaw/protocol";

/** `Ada <ada@example.com> at https://cloud.example.com`. */
export function describeSignedInUser(user: SignedInUser): string {
  return `${user.account.name} <${user.account.email}> at ${user.cloudUrl}`;
}

/** `Research (owner), Acme (member)`, or `none`. */
export function describeUserWorkspaces(workspaces: readonly UserWorkspace[]): string {
  if (workspaces.length === 0) return "none";
  return workspaces.map((workspace) => `${workspace.name} (${workspace.role})`).join(", ");
}
