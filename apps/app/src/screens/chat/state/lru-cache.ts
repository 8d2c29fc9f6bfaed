/**
 * A map that keeps only the `capacity` most recently used entries.
 *
 * @example const cache = createLruCache<string, number>(2); cache.set("a", 1); cache.get("a"); // 1
 */
export function createLruCache<K, V>(capacity: number) {
  const entries = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      // A Map iterates in insertion order: re-inserting makes this entry the newest.
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key: K, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    get size(): number {
      return entries.size;
    },
  };
}
