import type { ConnectionCause, ConnectionFeature } from "@multiclaw/protocol";

/** Each feature in the words of the App; a feature added to the protocol fails the type check here. */
export const featureNames: Record<ConnectionFeature, string> = {
  "cloud-link": "Cloud link",
  "config-sync": "Configuration sync",
  "task-assignment": "Task assignments",
  "task-report": "Task report",
  "device-login": "Signing the gateway in",
  "update-check": "Update check",
  "link-preview": "Link preview",
  favicon: "Favicon",
  "user-session": "Your Cloud sign-in",
  "app-cloud-call": "The App, at the Cloud",
  "mcp-server": "MCP server",
};

/** What a ledger line says caused it: a link to the run's conversation, or the feature by name. */
export type CauseWords =
  | { kind: "run"; label: string; href: string | null }
  | { kind: "feature"; label: string; detail: string | null }
  | { kind: "unknown"; label: string };

/**
 * @example
 * connectionCauseWords({ kind: "feature", feature: "mcp-server", detail: "files" })
 * // { kind: "feature", label: "MCP server", detail: "files" }
 */
export function connectionCauseWords(cause: ConnectionCause | null): CauseWords {
  if (cause === null) return { kind: "unknown", label: "Cause not recorded" };
  if (cause.kind === "run") {
    return {
      kind: "run",
      label: "A run of an agent",
      href: cause.conversationId === null ? null : `/chat/${cause.conversationId}`,
    };
  }
  return { kind: "feature", label: featureNames[cause.feature], detail: cause.detail };
}
