/*
 * The connection ledger: what the product actually connected to, so users can check us against the published
 * inventory without a third-party monitor. The recent history is a ring buffer (bounded memory in a process
 * that runs for weeks); per-row totals are kept apart so they survive the history rolling over.
 */
import type { ResolvedRow } from "../resolve-inventory.ts";

/** One connection the guard opened, or one it refused. */
export interface ConnectionRecord {
  /** The row it ran under; undefined for a refusal that matched no row. */
  readonly rowId: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Epoch milliseconds when the socket was ready (after TLS); for refusals, when refused. */
  readonly start: number;
  /** Epoch milliseconds; undefined while open, and for refusals equal to `start`. */
  end: number | undefined;
  bytesIn: number;
  bytesOut: number;
  /** Set for a refused connection. */
  readonly blockedReason?: string;
}

/** How a row stands, for the Connections page and `multiclaw connections`. */
export type RowState = "active" | "idle" | "not-configured" | "blocked";

/** The per-row summary. */
export interface RowSummary {
  readonly rowId: string;
  readonly state: RowState;
  readonly openConnections: number;
  readonly connections: number;
  readonly refusals: number;
  /** Epoch milliseconds of the last connection start; undefined if never used. */
  readonly lastUsed: number | undefined;
  readonly lastRefusal: string | undefined;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** A connection in progress, closed once with its byte counts. */
export interface OpenConnection {
  close(bytes: { bytesIn: number; bytesOut: number }): void;
}

/** The ledger's interface, as the guard uses it. */
export interface ConnectionLedger {
  open(entry: { rowId: string; host: string; port: number }): OpenConnection;
  blocked(entry: { rowId: string | undefined; host: string; port: number; reason: string }): void;
  /** The recent history, oldest first (copies). */
  entries(): ConnectionRecord[];
  /** One summary per row; a row with no endpoints, or that `configured` rejects, is `not-configured`. */
  summary(rows: readonly ResolvedRow[], configured?: (row: ResolvedRow) => boolean): RowSummary[];
  /** The recent history as JSON lines, for a local file the user can read. */
  toJsonLines(): string;
}

interface Totals {
  open: number;
  connections: number;
  refusals: number;
  lastUsed: number | undefined;
  lastEvent: "connected" | "blocked" | undefined;
  lastRefusal: string | undefined;
  bytesIn: number;
  bytesOut: number;
}

/** Creates an in-memory ledger keeping the last `capacity` records (1,000 by default). */
export function createConnectionLedger(
  options: { capacity?: number; clock?: () => number } = {},
): ConnectionLedger {
  const capacity = options.capacity ?? 1000;
  const clock = options.clock ?? Date.now;
  const ring: ConnectionRecord[] = [];
  let next = 0; // where the next record goes once the ring is full
  const totals = new Map<string, Totals>();

  const push = (record: ConnectionRecord) => {
    if (ring.length < capacity) ring.push(record);
    else {
      ring[next] = record;
      next = (next + 1) % capacity;
    }
  };
  const totalsOf = (rowId: string): Totals => {
    let found = totals.get(rowId);
    if (!found) {
      found = {
        open: 0,
        connections: 0,
        refusals: 0,
        lastUsed: undefined,
        lastEvent: undefined,
        lastRefusal: undefined,
        bytesIn: 0,
        bytesOut: 0,
      };
      totals.set(rowId, found);
    }
    return found;
  };

  const entries = (): ConnectionRecord[] => {
    const ordered = ring.length < capacity ? ring : [...ring.slice(next), ...ring.slice(0, next)];
    return ordered.map((record) => ({ ...record }));
  };

  return {
    entries,
    open({ rowId, host, port }) {
      const record: ConnectionRecord = {
        rowId,
        host,
        port,
        start: clock(),
        end: undefined,
        bytesIn: 0,
        bytesOut: 0,
      };
      push(record);
      const rowTotals = totalsOf(rowId);
      rowTotals.open += 1;
      rowTotals.connections += 1;
      rowTotals.lastUsed = record.start;
      rowTotals.lastEvent = "connected";
      let closed = false;
      return {
        close({ bytesIn, bytesOut }) {
          if (closed) return;
          closed = true;
          record.end = clock();
          record.bytesIn = bytesIn;
          record.bytesOut = bytesOut;
          rowTotals.open -= 1;
          rowTotals.bytesIn += bytesIn;
          rowTotals.bytesOut += bytesOut;
        },
      };
    },
    blocked({ rowId, host, port, reason }) {
      const now = clock();
      push({ rowId, host, port, start: now, end: now, bytesIn: 0, bytesOut: 0, blockedReason: reason });
      const rowTotals = totalsOf(rowId ?? "(none)");
      rowTotals.refusals += 1;
      rowTotals.lastEvent = "blocked";
      rowTotals.lastRefusal = reason;
    },
    summary(rows, configured = (row) => row.endpoints.length > 0) {
      return rows.map((row) => {
        const t = totalsOf(row.id);
        const state: RowState =
          t.open > 0
            ? "active"
            : !configured(row)
              ? "not-configured"
              : t.lastEvent === "blocked"
                ? "blocked"
                : "idle";
        return {
          rowId: row.id,
          state,
          openConnections: t.open,
          connections: t.connections,
          refusals: t.refusals,
          lastUsed: t.lastUsed,
          lastRefusal: t.lastRefusal,
          bytesIn: t.bytesIn,
          bytesOut: t.bytesOut,
        };
      });
    },
    toJsonLines() {
      return entries()
        .map((record) => JSON.stringify(record))
        .join("\n");
    },
  };
}
