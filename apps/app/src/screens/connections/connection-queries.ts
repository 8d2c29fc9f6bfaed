import type { ConnectionList, ConnectionRow } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { gateway } from "../../api/clients.ts";

/*
 * The gateway's connection inventory and ledger. Both change with every request the gateway makes, so they are
 * polled while the screen is visible; TanStack Query pauses an interval while the page is hidden
 * (`refetchIntervalInBackground: false`) and refetches when it is shown again.
 */

export const CONNECTIONS_REFRESH_MS = 2_000;
/** How many ledger entries the screen shows; the gateway's ledger keeps more. */
export const LEDGER_LIMIT = 200;

export const connectionKeys = {
  root: ["gateway", "connections"] as const,
  inventory: () => [...connectionKeys.root, "inventory"] as const,
  ledger: (limit: number) => [...connectionKeys.root, "ledger", limit] as const,
};

export function inventoryQuery() {
  return queryOptions({
    queryKey: connectionKeys.inventory(),
    queryFn: ({ signal }) => gateway.listConnections({ signal }),
    refetchInterval: CONNECTIONS_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

export function ledgerQuery(limit = LEDGER_LIMIT) {
  return queryOptions({
    queryKey: connectionKeys.ledger(limit),
    queryFn: ({ signal }) => gateway.connectionLog({ limit }, { signal }),
    refetchInterval: CONNECTIONS_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

/** Blocks or unblocks a row; the answer replaces the row in the cached inventory at once. */
export function useSetRowBlocked() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rowId, blocked }: { rowId: string; blocked: boolean }) =>
      blocked ? gateway.blockConnection(rowId) : gateway.unblockConnection(rowId),
    onSuccess: (row: ConnectionRow) => {
      queryClient.setQueryData<ConnectionList>(connectionKeys.inventory(), (list) =>
        list ? { rows: list.rows.map((old) => (old.id === row.id ? row : old)) } : list,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionKeys.root }),
  });
}
