import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "../../ui/empty-state.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { inventoryQuery } from "./connection-queries.ts";
import { InventoryRow } from "./inventory-row.tsx";

/** Every row the gateway may open a connection for, whether or not it has yet. */
export function InventorySection({ now }: { now: number }) {
  const inventory = useQuery(inventoryQuery());
  const rows = inventory.data?.rows ?? [];
  const active = rows.filter((row) => row.state === "active").length;
  const blocked = rows.filter((row) => row.state === "blocked").length;
  return (
    <section aria-labelledby="inventory-heading" className="border-b border-zinc-200 dark:border-zinc-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pt-5 pb-2 sm:px-6">
        <h2 id="inventory-heading" className="text-base font-semibold">
          What this gateway may connect to
        </h2>
        {inventory.data ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {rows.length} rows · {active} active · {blocked} blocked
          </p>
        ) : null}
      </div>
      <ErrorNotice error={inventory.error} className="mx-4 my-2 sm:mx-6" />
      {inventory.isPending ? (
        <p className="px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">Loading the inventory…</p>
      ) : inventory.data && rows.length === 0 ? (
        <EmptyState title="No connection rows">The gateway declares no outbound connections.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((row) => (
            <InventoryRow key={row.id} row={row} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
