import type { ConnectionRow } from "@multiclaw/protocol";

/**
 * Why a row's feature cannot run on this machine at all (decision 0010: link previews need Node 24), so the
 * person reads what upgrading would bring rather than a row that is merely idle.
 */
export function RowUnavailableNote({ row }: { row: ConnectionRow }) {
  if (!row.unavailableReason) return null;
  return (
    <p className="mt-1.5 text-xs text-amber-800 dark:text-amber-300">
      Off on this machine: {row.unavailableReason}
    </p>
  );
}
