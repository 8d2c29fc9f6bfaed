import type { ApprovalRequest } from "@multiclaw/protocol";
import type { Style } from "./render-run-event.ts";

/*
 * What `multiclaw chat` shows under an approval question besides the call: the connection rows it may open
 * (with their hosts, and those each row contacted recently) or that it opens none, and when the question
 * expires. Text only, so it is tested as text.
 */

/** "in 30 min (09:30 UTC)": when a waiting call is denied on its own. */
export function renderExpiry(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  const at = `${expiresAt.slice(11, 16)} UTC`;
  if (ms <= 0) return `expired (${at})`;
  const minutes = Math.ceil(ms / 60_000);
  return ms < 60_000 ? `in ${Math.ceil(ms / 1000)} s (${at})` : `in ${minutes} min (${at})`;
}

/** The lines under the question, each indented and ending with a newline; "" for a request without them. */
export function renderApprovalReach(approval: ApprovalRequest, style: Style, now: number): string {
  const lines: string[] = [];
  if (approval.connections !== undefined) {
    if (approval.connections.length === 0) {
      lines.push("local: opens no network connection of the gateway");
    }
    for (const connection of approval.connections) {
      const hosts =
        connection.hosts.length === 0
          ? connection.rowId.startsWith("mcp:")
            ? "a local process, no hosts"
            : "no host configured"
          : connection.hosts.map((host) => (host === "*" ? "any public host" : host)).join(", ");
      const recent =
        connection.contactedHosts.length === 0 ? "" : `; recently ${connection.contactedHosts.join(", ")}`;
      lines.push(`may connect: ${connection.title} [${connection.rowId}] → ${hosts}${recent}`);
    }
  }
  if (approval.expiresAt !== undefined) {
    lines.push(`denied if nobody decides ${renderExpiry(approval.expiresAt, now)}`);
  }
  return lines.map((line) => `  ${style.dim(line)}\n`).join("");
}
