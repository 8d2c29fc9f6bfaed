/*
 * The connection ledger: what the product actually connected to, so users can check us against the published
 * inventory without a third-party monitor. The recent history is a ring buffer (bounded memory in a process
 * that runs for weeks); per-row totals are kept apart so they survive the history rolling over.
 *
 * Bytes count as they cross, not only when a connection closes: the event stream stays open for hours, and a
 * ledger that showed it at 0 B all that time would hide the very traffic it is there to show. An open
 * connection gives the ledger a meter (the guard's reads the socket's own bytesRead/bytesWritten), read only
 * when a summary or the history is asked for. That costs nothing per chunk and needs no timer per socket:
 * counting on every 'data' event would add work to each read of every connection, and a timer would wake the
 * process for figures nobody may ask for, while the socket already keeps the counts. A closed connection's
 * final counts move into its row's totals once, and its meter (the socket) is let go, so nothing is counted
 * twice and the history does not keep sockets alive.
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
  /** Received and sent so far while open (when the guard gave a meter), final once closed. */
  bytesIn: number;
  bytesOut: number;
  /** Set for a refused connection. */
  readonly blockedReason?: string;
  /** What the guard's `causeOf` named when it decided (the gateway's is a run or a feature); kept as given. */
  readonly cause?: unknown;
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

/** Bytes received and sent so far on one connection. */
export interface ByteCounts {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** A connection in progress, closed once with its final byte counts. */
export interface OpenConnection {
  /** `bytes` are the final counts; without them, the meter given to `open` is read one last time. */
  close(bytes?: ByteCounts): void;
}

/** The ledger's interface, as the guard uses it. */
export interface ConnectionLedger {
  /**
   * Records a connection as open. `bytes` reads its counts so far (cheaply: it is called whenever a summary or
   * the history is asked for), so an open connection's traffic shows before it closes.
   */
  open(entry: {
    rowId: string;
    host: string;
    port: number;
    bytes?: () => ByteCounts;
    cause?: unknown;
  }): OpenConnection;
  blocked(entry: {
    rowId: string | undefined;
    host: string;
    port: number;
    reason: string;
    cause?: unknown;
  }): void;
  /** The recent history, oldest first (copies). */
  entries(): ConnectionRecord[];
  /** One summary per row; a row with no endpoints, or that `configured` rejects, is `not-configured`. */
  summary(rows: readonly ResolvedRow[], configured?: (row: ResolvedRow) => boolean): RowSummary[];
  /** The recent history as JSON lines, for a local file the user can read. */
  toJsonLines(): string;
}

/** A meter's reading, with anything that is not a count (a socket's getter before it has state) as 0. */
function readMeter(meter: () => ByteCounts): ByteCounts {
  const { bytesIn, bytesOut } = meter();
  return {
    bytesIn: Number.isFinite(bytesIn) ? bytesIn : 0,
    bytesOut: Number.isFinite(bytesOut) ? bytesOut : 0,
  };
}

interface Totals {
  open: number;
  connections: number;
  refusals: number;
  lastUsed: number | undefined;
  lastEvent: "connected" | "blocked" | undefined;
  lastRefusal: string | undefined;
  /** Of closed connections only: open ones are read from their meters when asked. */
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
  /** The meters of open connections (only those given one), by record; a record leaves when it closes. */
  const meters = new Map<ConnectionRecord, { rowId: string; read: () => ByteCounts }>();

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
    return ordered.map((record) => {
      const meter = meters.get(record);
      return meter ? { ...record, ...readMeter(meter.read) } : { ...record };
    });
  };

  /** The bytes of each row's open connections so far; a connection the ring dropped still counts. */
  const openBytesByRow = (): Map<string, ByteCounts> => {
    const byRow = new Map<string, ByteCounts>();
    for (const { rowId, read } of meters.values()) {
      const sum = byRow.get(rowId) ?? { bytesIn: 0, bytesOut: 0 };
      const now = readMeter(read);
      byRow.set(rowId, { bytesIn: sum.bytesIn + now.bytesIn, bytesOut: sum.bytesOut + now.bytesOut });
    }
    return byRow;
  };

  return {
    entries,
    open({ rowId, host, port, bytes, cause }) {
      const record: ConnectionRecord = {
        rowId,
        host,
        port,
        start: clock(),
        end: undefined,
        bytesIn: 0,
        bytesOut: 0,
        ...(cause === undefined ? {} : { cause }),
      };
      push(record);
      if (bytes) meters.set(record, { rowId, read: bytes });
      const rowTotals = totalsOf(rowId);
      rowTotals.open += 1;
      rowTotals.connections += 1;
      rowTotals.lastUsed = record.start;
      rowTotals.lastEvent = "connected";
      let closed = false;
      return {
        close(final) {
          if (closed) return;
          closed = true;
          const { bytesIn, bytesOut } = final ?? (bytes ? readMeter(bytes) : { bytesIn: 0, bytesOut: 0 });
          meters.delete(record);
          record.end = clock();
          record.bytesIn = bytesIn;
          record.bytesOut = bytesOut;
          rowTotals.open -= 1;
          rowTotals.bytesIn += bytesIn;
          rowTotals.bytesOut += bytesOut;
        },
      };
    },
    blocked({ rowId, host, port, reason, cause }) {
      const now = clock();
      push({
        rowId,
        host,
        port,
        start: now,
        end: now,
        bytesIn: 0,
        bytesOut: 0,
        blockedReason: reason,
        ...(cause === undefined ? {} : { cause }),
      });
      const rowTotals = totalsOf(rowId ?? "(none)");
      rowTotals.refusals += 1;
      rowTotals.lastEvent = "blocked";
      rowTotals.lastRefusal = reason;
    },
    summary(rows, configured = (row) => row.endpoints.length > 0) {
      const openBytes = openBytesByRow();
      return rows.map((row) => {
        const t = totalsOf(row.id);
        const live = openBytes.get(row.id);
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
          // Closed connections' totals plus what the open ones have carried so far.
          bytesIn: t.bytesIn + (live?.bytesIn ?? 0),
          bytesOut: t.bytesOut + (live?.bytesOut ?? 0),
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
