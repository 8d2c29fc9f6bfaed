import { formatBytes } from "@multiclaw/egress";
import type { ConnectionLogEntry } from "@multiclaw/protocol";
import { LedgerCause } from "./cause/ledger-cause.tsx";
import { formatClock } from "./format-time.ts";
import { LedgerOutcomePill } from "./ledger-outcome-pill.tsx";

/** The columns of a ledger line on a wide window; on a narrow one the line stacks. */
export const ledgerColumns =
  "md:grid md:grid-cols-[5.5rem_minmax(9rem,1fr)_minmax(11rem,1.2fr)_10rem_minmax(9rem,1fr)] md:items-start md:gap-4";

/** One connection of the ledger: when, for which row, to where, how much, and how it ended. */
export function LedgerRow({
  entry,
  rowTitle,
  now,
}: {
  entry: ConnectionLogEntry;
  rowTitle: string | null;
  now: number;
}) {
  const refused = entry.blockedReason !== null;
  return (
    <li className={`flex flex-col gap-1 px-4 py-2.5 text-sm sm:px-6 ${ledgerColumns}`}>
      <div className="flex items-center justify-between gap-2 md:contents">
        <time
          dateTime={entry.startedAt}
          title={new Date(entry.startedAt).toLocaleString()}
          className="tabular-nums text-zinc-600 dark:text-zinc-400"
        >
          {formatClock(entry.startedAt, now)}
        </time>
        <span className="md:hidden">
          <LedgerOutcomePill entry={entry} />
        </span>
      </div>
      <div className="min-w-0">
        <span className="font-medium">{rowTitle ?? "No row"}</span>{" "}
        <span className="font-mono text-xs text-zinc-600 md:block dark:text-zinc-400">
          {entry.rowId ?? "matched no row"}
        </span>
      </div>
      <div className="min-w-0 break-all font-mono text-xs md:pt-0.5">
        {entry.host}:{entry.port}
        <LedgerCause cause={entry.cause} />
      </div>
      <div className="tabular-nums text-zinc-700 dark:text-zinc-300">
        {refused ? (
          <span className="hidden text-zinc-500 md:inline dark:text-zinc-400">—</span>
        ) : (
          <span>
            <span className="sr-only">received </span>↓ {formatBytes(entry.bytesIn)}
            <span className="sr-only">, sent</span>{" "}
            <span className="ml-1">↑ {formatBytes(entry.bytesOut)}</span>
          </span>
        )}
      </div>
      <div>
        <span className="hidden md:inline">
          <LedgerOutcomePill entry={entry} />
        </span>
        {refused ? (
          <div className="text-xs text-red-700 md:mt-1 dark:text-red-400">{entry.blockedReason}</div>
        ) : null}
      </div>
    </li>
  );
}
