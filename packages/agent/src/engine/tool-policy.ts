import type { ApprovalGrant, ApprovalScope, ToolPolicy } from "@multiclaw/protocol";
import type { Tool } from "../tools/tool.ts";

/*
 * The agent's tool policy, applied per call. A pattern is a tool name, or a prefix ending in `*` (`files.*`,
 * `github__*`, `*`). `deny` wins over everything: a denied tool is not offered to the model at all.
 *
 * Grants. `call` covers one call and is never stored. `tool-for-run` and `tool-for-agent` are stored grants
 * with an optional expiry; an expired grant no longer covers anything, so the next call asks again. A tool that
 * always asks (the shell) can be approved for a call or for the rest of one run, never for the agent as a
 * whole: a standing "this agent may run any shell command from now on" is the one grant too wide to give by
 * one click, so such a decision is refused and an agent-wide grant of it (should one exist) is ignored.
 */

export type ApprovalReason = "policy" | "always";

export function matchesToolPattern(pattern: string, toolName: string): boolean {
  return pattern.endsWith("*") ? toolName.startsWith(pattern.slice(0, -1)) : pattern === toolName;
}

export function isToolDenied(policy: ToolPolicy, toolName: string): boolean {
  return policy.deny.some((pattern) => matchesToolPattern(pattern, toolName));
}

/** Why a call of this tool must pause for the user, or null when it may run at once. */
export function approvalReason(
  policy: ToolPolicy,
  tool: Pick<Tool, "name" | "alwaysNeedsApproval">,
): ApprovalReason | null {
  if (tool.alwaysNeedsApproval === true) return "always";
  return policy.requireApproval.some((pattern) => matchesToolPattern(pattern, tool.name)) ? "policy" : null;
}

/** The scopes a user may pick for a call that asks for this reason. */
export function allowedScopes(reason: ApprovalReason): readonly ApprovalScope[] {
  return reason === "always" ? ["call", "tool-for-run"] : ["call", "tool-for-run", "tool-for-agent"];
}

/** Whether a stored, unexpired grant lets this call run without asking. */
export function grantCovers(
  grant: ApprovalGrant,
  call: { tool: string; agentId: string; runId: string; reason: ApprovalReason },
): boolean {
  if (grant.tool !== call.tool || grant.agentId !== call.agentId) return false;
  if (!allowedScopes(call.reason).includes(grant.scope)) return false;
  return grant.scope === "tool-for-agent" ? grant.runId === null : grant.runId === call.runId;
}
