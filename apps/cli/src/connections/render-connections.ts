import { formatBytes } from "@multiclaw/egress";
import type { ConnectionRow, ConnectionRowState } from "@multiclaw/protocol";
import Table from "cli-table3";
import pc from "picocolors";

/** `multiclaw connections`: the inventory as a table a person reads at a glance. */

const stateWords: Record<ConnectionRowState, string> = {
  active: "active",
  idle: "idle",
  "not-configured": "not configured",
  blocked: "blocked",
};

const stateColour: Record<ConnectionRowState, (text: string) => string> = {
  active: pc.green,
  idle: (text) => text,
  "not-configured": pc.dim,
  blocked: pc.red,
};

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, or the date. */
export function formatAgo(at: string | null, now: number): string {
  if (at === null) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return at.slice(0, 10);
}

export function renderConnections(
  rows: readonly ConnectionRow[],
  options: { now: number; colour?: boolean },
): string {
  const colour = options.colour ?? false;
  const table = new Table({
    head: ["ROW", "HOST", "STATE", "LAST USED", "IN", "OUT"],
    style: { head: colour ? ["bold"] : [], border: colour ? ["grey"] : [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) {
    const words = stateWords[row.state] + (row.openConnections > 1 ? ` (${row.openConnections})` : "");
    const state = colour ? stateColour[row.state](words) : words;
    table.push([
      row.id,
      row.hosts.length > 0 ? row.hosts.join("\n") : "-",
      state,
      formatAgo(row.lastUsedAt, options.now),
      formatBytes(row.bytesIn),
      formatBytes(row.bytesOut),
    ]);
  }
  const blocked = rows.filter((row) => row.state === "blocked" && row.blockReason);
  const notes = blocked.map((row) => `  ${row.id}: ${row.blockReason}`);
  // A feature this runtime cannot run (decision 0010): what upgrading would bring.
  const unavailable = rows.flatMap((row) =>
    row.unavailableReason ? [`  ${row.id}: ${row.unavailableReason}`] : [],
  );
  return [
    table.toString(),
    ...(notes.length > 0 ? ["", "Blocked:", ...notes] : []),
    ...(unavailable.length > 0 ? ["", "Unavailable here:", ...unavailable] : []),
  ].join("\n");
}
