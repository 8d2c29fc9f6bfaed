/*
 * A small least-recently-used map whose entries also expire: previews and icons are kept a day, failures a few
 * minutes. Bounded by count and, when entries weigh something (icon bytes), by total weight, so a chat full of
 * links cannot grow the gateway's memory without end. Written out because the gateway holds no cache library
 * and this is the whole of what it needs.
 */

export interface ExpiringCache<V> {
  /** The value, while it has not expired; marks it recently used. */
  get(key: string): V | undefined;
  /** Keeps `value` for `ttlMs`; the least recently used entries go when a bound is passed. */
  set(key: string, value: V, ttlMs: number, weight?: number): void;
  readonly size: number;
}

export interface ExpiringCacheOptions {
  maxEntries: number;
  /** Upper bound on the summed weights of the entries; none by default. */
  maxWeight?: number;
  now(): number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  weight: number;
}

export function createExpiringCache<V>(options: ExpiringCacheOptions): ExpiringCache<V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry<V>>();
  let weight = 0;

  function remove(key: string, entry: Entry<V>): void {
    entries.delete(key);
    weight -= entry.weight;
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      remove(key, entry);
      if (entry.expiresAt <= options.now()) return undefined;
      entries.set(key, entry);
      weight += entry.weight;
      return entry.value;
    },
    set(key, value, ttlMs, entryWeight = 0) {
      const previous = entries.get(key);
      if (previous) remove(key, previous);
      if (entryWeight > (options.maxWeight ?? Number.POSITIVE_INFINITY)) return;
      entries.set(key, { value, expiresAt: options.now() + ttlMs, weight: entryWeight });
      weight += entryWeight;
      const maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
      for (const [oldestKey, oldest] of entries) {
        if (entries.size <= options.maxEntries && weight <= maxWeight) break;
        remove(oldestKey, oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
