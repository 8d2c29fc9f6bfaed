import type { ApprovalRequest, ApprovalScope } from "@multiclaw/protocol";

/*
 * The choices an approval card offers. A tool that always asks (the shell) may be allowed for one call or for
 * the rest of the run, never for the agent: the runtime refuses that grant (allowedScopes in
 * packages/agent/src/engine/tool-policy.ts, which this mirrors until the protocol carries it).
 */

export const scopeLabels: Record<ApprovalScope, string> = {
  call: "Allow once",
  "tool-for-run": "Allow for this run",
  "tool-for-agent": "Always allow for this agent",
};

export function scopesFor(reason: ApprovalRequest["reason"]): readonly ApprovalScope[] {
  return reason === "always" ? ["call", "tool-for-run"] : ["call", "tool-for-run", "tool-for-agent"];
}

/** How long an agent-wide grant lasts; null lasts until revoked. */
export const grantLifetimes: readonly { label: string; seconds: number | null }[] = [
  { label: "until revoked", seconds: null },
  { label: "for 1 hour", seconds: 3600 },
  { label: "for 1 day", seconds: 86_400 },
  { label: "for 7 days", seconds: 7 * 86_400 },
  { label: "for 30 days", seconds: 30 * 86_400 },
];

export const reasonLabels: Record<ApprovalRequest["reason"], string> = {
  policy: "The agent's tool policy asks before this tool runs.",
  always: "This tool always asks before it runs.",
};
