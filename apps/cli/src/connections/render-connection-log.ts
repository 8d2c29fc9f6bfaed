import { formatBytes } from "@multiclaw/egress";
import type { ConnectionLogEntry } from "@multiclaw/protocol";
import type { Style } from "../chat/render-run-event.ts";
import { plainTable } from "../plain-table.ts";
import { connectionCauseText } from "./connection-cause-text.ts";

/**
 * `multiclaw connections log`: the ledger's newest connections, one line each, with the run or feature that
 * caused it; a refusal notes its reason.
 */

const pad = (value: number) => String(value).padStart(2, "0");

/** Local wall-clock time, `14:03:09`; the date too when it is not today. */
export function formatClock(at: string, now: number): string {
  const date = new Date(at);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const today = new Date(now).toDateString() === date.toDateString();
  return today ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

export function formatDuration(startedAt: string, endedAt: string | null): string {
  if (endedAt === null) return "open";
  const ms = Math.max(0, Date.parse(endedAt) - Date.parse(startedAt));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function renderConnectionLog(
  entries: readonly ConnectionLogEntry[],
  options: { now: number; style: Style },
): string {
  if (entries.length === 0) return "No connections yet.";
  const rows = entries.map((entry) => {
    const when = formatClock(entry.startedAt, options.now);
    const row = entry.rowId ?? "(no row)";
    const where = `${entry.host}:${entry.port}`;
    const cause = connectionCauseText(entry.cause);
    if (entry.blockedReason !== null) {
      return [when, row, where, cause, options.style.red("refused"), "-", "-", entry.blockedReason];
    }
    const duration = formatDuration(entry.startedAt, entry.endedAt);
    return [when, row, where, cause, duration, formatBytes(entry.bytesIn), formatBytes(entry.bytesOut), ""];
  });
  return plainTable(["STARTED", "ROW", "HOST", "CAUSE", "DURATION", "IN", "OUT", "NOTE"], rows);
}
