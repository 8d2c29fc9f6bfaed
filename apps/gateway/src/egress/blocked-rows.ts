/*
 * The rows the user blocked (`multiclaw connections block <row>`). Kept in the gateway's local state so a block
 * survives restarts; the guard reads it on every new connection, so a block takes effect at once.
 */

/** A small persistent key-value store (the gateway store's state table). */
export interface StateStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface BlockedRows {
  has(rowId: string): boolean;
  list(): string[];
  block(rowId: string): void;
  unblock(rowId: string): void;
}

const STATE_KEY = "egress.blockedRows";

export function createBlockedRows(state: StateStore): BlockedRows {
  const stored = state.get(STATE_KEY);
  const blocked = new Set(Array.isArray(stored) ? stored.filter((id) => typeof id === "string") : []);
  const save = () => state.set(STATE_KEY, [...blocked].sort());
  return {
    has: (rowId) => blocked.has(rowId),
    list: () => [...blocked].sort(),
    block(rowId) {
      blocked.add(rowId);
      save();
    },
    unblock(rowId) {
      blocked.delete(rowId);
      save();
    },
  };
}
