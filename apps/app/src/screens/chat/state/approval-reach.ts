import type { ApprovalConnection } from "@multiclaw/protocol";

/*
 * What an approval card says about where a call may connect and how long it still waits, as plain text from
 * the request the runtime stored (its connection rows and expiry), so the words are tested without React.
 */

/** "29 min left", "45 s left", "expired": how long the call still waits for a decision. */
export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms)) return "";
  if (ms <= 0) return "expired";
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s left`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min left`;
  return `${Math.round(minutes / 60)} h left`;
}

/** Whether less than a minute is left: the card says so more loudly. */
export function expiresSoon(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) - now < 60_000;
}

/** "example.org", "any public host", "a local process (no hosts)": where one row may go. */
export function hostsText(connection: ApprovalConnection): string {
  if (connection.hosts.length === 0) {
    return connection.rowId.startsWith("mcp:") ? "a local process, no hosts" : "no host configured";
  }
  return connection.hosts.map((host) => (host === "*" ? "any public host" : host)).join(", ");
}

/** "recently example.org, api.example.com", or null when the row has contacted nothing yet. */
export function contactedText(connection: ApprovalConnection): string | null {
  return connection.contactedHosts.length === 0 ? null : `recently ${connection.contactedHosts.join(", ")}`;
}

/** The sentence for a call that opens no row of the inventory. */
export const localOnlyText = "Local: this call opens no network connection of the gateway.";
