import { describe, expect, it } from "vitest";
import { createExpiringCache } from "./expiring-cache.ts";

function clock() {
  let now = 0;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("the expiring cache", () => {
  it("forgets an entry once its time is up", () => {
    const time = clock();
    const cache = createExpiringCache<string>({ maxEntries: 10, now: time.now });
    cache.set("a", "title", 1000);
    time.advance(999);
    expect(cache.get("a")).toBe("title");
    time.advance(1);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops the least recently used entry when full", () => {
    const cache = createExpiringCache<number>({ maxEntries: 2, now: () => 0 });
    cache.set("a", 1, 1000);
    cache.set("b", 2, 1000);
    cache.get("a");
    cache.set("c", 3, 1000);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });

  it("keeps the summed weight under its bound and refuses an entry heavier than the bound", () => {
    const cache = createExpiringCache<string>({ maxEntries: 100, maxWeight: 10, now: () => 0 });
    cache.set("a", "a", 1000, 6);
    cache.set("b", "b", 1000, 4);
    cache.set("c", "c", 1000, 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, "b", "c"]);
    cache.set("huge", "huge", 1000, 11);
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
