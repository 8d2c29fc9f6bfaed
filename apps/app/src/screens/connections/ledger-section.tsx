import type { ConnectionLogEntry } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { SelectField } from "../../ui/select-field.tsx";
import { inventoryQuery, LEDGER_LIMIT, ledgerQuery } from "./connection-queries.ts";
import { ledgerEntryKey, newestFirst } from "./ledger-entries.ts";
import { LedgerRow, ledgerColumns } from "./ledger-row.tsx";

const ALL_ROWS = "";

function matches(entry: ConnectionLogEntry, rowId: string, refusedOnly: boolean): boolean {
  if (refusedOnly && entry.blockedReason === null) return false;
  return rowId === ALL_ROWS || entry.rowId === rowId;
}

/** The ledger: every connection the gateway opened or refused, newest first, filterable by row. */
export function LedgerSection({ now }: { now: number }) {
  const ledger = useQuery(ledgerQuery());
  const inventory = useQuery(inventoryQuery());
  const [rowId, setRowId] = useState(ALL_ROWS);
  const [refusedOnly, setRefusedOnly] = useState(false);
  const titles = useMemo(
    () => new Map((inventory.data?.rows ?? []).map((row) => [row.id, row.title])),
    [inventory.data],
  );
  const entries = useMemo(
    () => newestFirst(ledger.data?.entries ?? []).filter((entry) => matches(entry, rowId, refusedOnly)),
    [ledger.data, rowId, refusedOnly],
  );
  return (
    <section aria-labelledby="ledger-heading">
      <div className="flex flex-wrap items-end justify-between gap-3 px-4 pt-5 pb-3 sm:px-6">
        <div>
          <h2 id="ledger-heading" className="text-base font-semibold">
            What it connected to
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            The newest {LEDGER_LIMIT} connections from the gateway's ledger, newest first.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <SelectField
            label="Row"
            layout="inline"
            value={rowId}
            onChange={(event) => setRowId(event.target.value)}
          >
            <option value={ALL_ROWS}>All rows</option>
            {[...titles].map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </SelectField>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={refusedOnly}
              onChange={(event) => setRefusedOnly(event.target.checked)}
              className="size-4 accent-indigo-600"
            />
            Refused only
          </label>
        </div>
      </div>
      <ErrorNotice error={ledger.error} className="mx-4 my-2 sm:mx-6" />
      {ledger.isPending ? (
        <p className="px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">Loading the ledger…</p>
      ) : entries.length === 0 ? (
        <EmptyState title={ledger.data?.entries.length ? "Nothing matches" : "No connections yet"}>
          {ledger.data?.entries.length
            ? "No connection in the ledger matches these filters."
            : "When the gateway connects anywhere, each connection appears here."}
        </EmptyState>
      ) : (
        <div className="border-t border-zinc-200 dark:border-zinc-800">
          <div
            aria-hidden
            className={`hidden bg-zinc-50 px-4 py-2 text-xs font-medium text-zinc-600 sm:px-6 dark:bg-zinc-900 dark:text-zinc-400 ${ledgerColumns}`}
          >
            <span>Time</span>
            <span>Row</span>
            <span>Host</span>
            <span>Traffic</span>
            <span>Outcome</span>
          </div>
          <ol
            aria-label="Connections, newest first"
            className="divide-y divide-zinc-200 dark:divide-zinc-800"
          >
            {entries.map((entry, index) => (
              <LedgerRow
                key={ledgerEntryKey(entry, index)}
                entry={entry}
                rowTitle={entry.rowId === null ? null : (titles.get(entry.rowId) ?? entry.rowId)}
                now={now}
              />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
