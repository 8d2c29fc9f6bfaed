import type { ConnectionCause } from "@multiclaw/protocol";

/**
 * What caused a connection, in a few words for the terminal: the run by its id (to look it up with
 * `multiclaw runs`), or the feature with what within it.
 *
 * @example
 * connectionCauseText({ kind: "feature", feature: "mcp-server", detail: "files" }) // "mcp-server (files)"
 */
export function connectionCauseText(cause: ConnectionCause | null): string {
  if (cause === null) return "-";
  if (cause.kind === "run") return `run ${cause.runId}`;
  return cause.detail === null ? cause.feature : `${cause.feature} (${cause.detail})`;
}
