import { formatBytes } from "@multiclaw/egress";
import type { ConnectionRow } from "@multiclaw/protocol";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useId } from "react";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { BlockSwitch } from "./block-switch.tsx";
import { RowUnavailableNote } from "./cause/row-unavailable-note.tsx";
import { useSetRowBlocked } from "./connection-queries.ts";
import { ConnectionStatePill } from "./connection-state-pill.tsx";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** One row of the inventory: what it is for, what it did, and the switch with what blocking it costs. */
export function InventoryRow({ row, now }: { row: ConnectionRow; now: number }) {
  const setBlocked = useSetRowBlocked();
  const ifBlockedId = useId();
  const used = row.connections > 0 || row.refusals > 0;
  return (
    <li className="grid gap-3 px-4 py-4 sm:px-6 lg:grid-cols-[minmax(0,1fr)_minmax(16rem,22rem)] lg:gap-8">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium">{row.title}</h3>
          <ConnectionStatePill row={row} />
        </div>
        <p className="mt-0.5 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
          {row.id}
          {row.hosts.length > 0 ? ` → ${row.hosts.join(", ")}` : ""}
        </p>
        <p className="mt-1.5 text-sm text-zinc-700 dark:text-zinc-300">{row.purpose}</p>
        <p className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span>
            Last used {row.lastUsedAt === null ? "never" : <RelativeTime at={row.lastUsedAt} now={now} />}
          </span>
          {used ? (
            <>
              <span>{plural(row.connections, "connection")}</span>
              <span className="inline-flex items-center gap-0.5" title="Received">
                <ArrowDown aria-hidden className="size-3" />
                <span className="sr-only">received </span>
                {formatBytes(row.bytesIn)}
              </span>
              <span className="inline-flex items-center gap-0.5" title="Sent">
                <ArrowUp aria-hidden className="size-3" />
                <span className="sr-only">sent </span>
                {formatBytes(row.bytesOut)}
              </span>
            </>
          ) : null}
          {row.refusals > 0 ? (
            <span className="text-red-700 dark:text-red-400">{plural(row.refusals, "refusal")}</span>
          ) : null}
        </p>
        {row.blockReason && !row.blockedByUser ? (
          <p className="mt-1.5 text-xs text-red-700 dark:text-red-400">Refused: {row.blockReason}</p>
        ) : null}
        <RowUnavailableNote row={row} />
      </div>
      <div className="flex flex-col gap-1.5">
        <BlockSwitch
          title={row.title}
          blocked={row.blockedByUser}
          busy={setBlocked.isPending}
          describedBy={ifBlockedId}
          onChange={(blocked) => setBlocked.mutate({ rowId: row.id, blocked })}
        />
        <p id={ifBlockedId} className="text-xs text-zinc-600 dark:text-zinc-400">
          <span className="font-medium text-zinc-800 dark:text-zinc-200">
            {row.blockedByUser ? "While blocked: " : "If you block it: "}
          </span>
          {row.ifBlocked}
        </p>
        <ErrorNotice error={setBlocked.error} />
      </div>
    </li>
  );
}
