import type { SignedInIdentity } from "@multiclaw/protocol";

/** `Ada <ada@example.com>`, or whichever of name, email and id the gateway knows. */
export function describeAccount(account: SignedInIdentity["account"]): string {
  if (account.name && account.email) return `${account.name} <${account.email}>`;
  return account.email ?? account.name ?? account.userId;
}

export function describeWorkspace(workspace: SignedInIdentity["workspace"]): string {
  return workspace.name ? `${workspace.name} (${workspace.workspaceId})` : workspace.workspaceId;
}

export function describeInstance(instance: SignedInIdentity["instance"]): string {
  return instance.name ? `${instance.name} (${instance.instanceId})` : instance.instanceId;
}

/** One sentence: who this gateway is signed in as, to which workspace. */
export function describeSignedIn(identity: SignedInIdentity): string {
  return `${describeAccount(identity.account)} to workspace ${describeWorkspace(identity.workspace)}`;
}
