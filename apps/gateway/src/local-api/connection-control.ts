import type { ResolvedRow } from "@multiclaw/egress";
import type { ConnectionRecord, RowSummary } from "@multiclaw/egress/node";
import { ConnectionCause, type ConnectionLogEntry, type ConnectionRow } from "@multiclaw/protocol";
import type { ConnectionControl } from "./local-api-deps.ts";

/** What the gateway's egress offers: its rows, the ledger's per-row summary and history, the user's blocks. */
export interface EgressView {
  rows(): readonly ResolvedRow[];
  /** One summary per row (a user-blocked row already reads `blocked`). */
  summary(): RowSummary[];
  blocked: { has(rowId: string): boolean; block(rowId: string): void; unblock(rowId: string): void };
  ledger: { entries(): ConnectionRecord[] };
  /** Why a row's feature is off on this machine (decision 0010: link previews before Node 24), if it is. */
  featureOff?(rowId: string): string | undefined;
}

/**
 * The local API's view of the connection inventory and ledger, and the user's block list behind
 * `multiclaw connections block|unblock`.
 */
export function createConnectionControl(egress: EgressView): ConnectionControl {
  function rowsNow(): ConnectionRow[] {
    const summaries = new Map(egress.summary().map((summary) => [summary.rowId, summary]));
    return egress
      .rows()
      .map((row) =>
        toConnectionRow(row, summaries.get(row.id), egress.blocked.has(row.id), egress.featureOff?.(row.id)),
      );
  }
  return {
    list: async () => rowsNow(),
    log: async (limit) => egress.ledger.entries().slice(-limit).map(toConnectionLogEntry),
    async setBlocked(rowId, blocked) {
      if (!egress.rows().some((row) => row.id === rowId)) return undefined;
      if (blocked) egress.blocked.block(rowId);
      else egress.blocked.unblock(rowId);
      return rowsNow().find((row) => row.id === rowId);
    },
  };
}

export function toConnectionRow(
  row: ResolvedRow,
  summary: RowSummary | undefined,
  blockedByUser: boolean,
  unavailableReason?: string,
): ConnectionRow {
  const state =
    blockedByUser && summary?.state !== "active" ? "blocked" : (summary?.state ?? "not-configured");
  return {
    id: row.id,
    title: row.title,
    hosts: row.endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`),
    purpose: row.purpose,
    ifBlocked: row.ifBlocked,
    state,
    blockedByUser,
    blockReason: blockedByUser
      ? "blocked by you"
      : state === "blocked"
        ? (summary?.lastRefusal ?? null)
        : null,
    lastUsedAt: summary?.lastUsed === undefined ? null : new Date(summary.lastUsed).toISOString(),
    openConnections: summary?.openConnections ?? 0,
    connections: summary?.connections ?? 0,
    refusals: summary?.refusals ?? 0,
    bytesIn: summary?.bytesIn ?? 0,
    bytesOut: summary?.bytesOut ?? 0,
    unavailableReason: unavailableReason ?? null,
  };
}

export function toConnectionLogEntry(record: ConnectionRecord): ConnectionLogEntry {
  return {
    rowId: record.rowId ?? null,
    host: record.host,
    port: record.port,
    startedAt: new Date(record.start).toISOString(),
    endedAt: record.end === undefined ? null : new Date(record.end).toISOString(),
    bytesIn: record.bytesIn,
    bytesOut: record.bytesOut,
    blockedReason: record.blockedReason ?? null,
    // The ledger keeps what the guard read as it decided; only a cause the wire knows goes out.
    cause: ConnectionCause.safeParse(record.cause).data ?? null,
  };
}
