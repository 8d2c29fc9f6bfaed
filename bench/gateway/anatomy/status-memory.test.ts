import { describe, expect, it } from "vitest";
import { parseStatusMemory, statusMemory } from "./status-memory.ts";

describe("memory from /proc/<pid>/status", () => {
  it("reads resident, anonymous and file-mapped memory and the thread count", () => {
    const status =
      "Name:\tnode\nVmRSS:\t  131072 kB\nRssAnon:\t   73728 kB\nRssFile:\t   57344 kB\nRssShmem:\t       0 kB\nThreads:\t13\n";
    expect(parseStatusMemory(status)).toEqual({
      rss: 128 * 2 ** 20,
      rssAnon: 72 * 2 ** 20,
      rssFile: 56 * 2 ** 20,
      threads: 13,
    });
    expect(() => parseStatusMemory("Name:\tnode\n")).toThrow(/VmRSS/);
  });

  it("reads this process", async () => {
    const memory = await statusMemory(process.pid);
    expect(memory.rss).toBeGreaterThan(memory.rssAnon);
    expect(memory.threads).toBeGreaterThan(0);
  });
});
