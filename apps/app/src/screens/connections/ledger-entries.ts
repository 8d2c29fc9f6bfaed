import type { ConnectionLogEntry } from "@multiclaw/protocol";

/*
 * The ledger as the screen shows it. The gateway answers oldest first (a log read top to bottom); the screen
 * puts the newest on top, where a person looks for what just happened.
 */

export type LedgerOutcome = "open" | "closed" | "refused";

export function ledgerOutcome(entry: ConnectionLogEntry): LedgerOutcome {
  if (entry.blockedReason !== null) return "refused";
  return entry.endedAt === null ? "open" : "closed";
}

export function newestFirst(entries: readonly ConnectionLogEntry[]): ConnectionLogEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

/** `850 ms`, `4.2 s`, `3 min`; `open` while the connection lasts. */
export function formatDuration(entry: ConnectionLogEntry): string {
  if (entry.endedAt === null) return "open";
  const ms = Math.max(0, Date.parse(entry.endedAt) - Date.parse(entry.startedAt));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** A stable React key: the ledger has no entry id, but a row, a host and a start time name one connection. */
export function ledgerEntryKey(entry: ConnectionLogEntry, index: number): string {
  return `${entry.startedAt}|${entry.rowId ?? "-"}|${entry.host}:${entry.port}|${index}`;
}
