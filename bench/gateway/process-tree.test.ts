import { describe, expect, it } from "vitest";
import { descendantsOf, parentPidOfStat, treeResidentBytes } from "./process-tree.ts";

describe("the process tree", () => {
  it("reads the parent pid even when the command name holds spaces and parentheses", () => {
    expect(parentPidOfStat("4242 (node) S 17 4242 17 0 -1 4194560")).toBe(17);
    expect(parentPidOfStat("99 (my (odd) name) R 1234 99 99 0")).toBe(1234);
    expect(() => parentPidOfStat("garbage")).toThrow();
  });

  it("finds every descendant, and nothing of the siblings", () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 10],
      [13, 11],
      [20, 1],
      [21, 20],
    ]);
    expect(descendantsOf(10, parents)).toEqual([10, 11, 12, 13]);
    expect(descendantsOf(21, parents)).toEqual([21]);
  });

  it("measures this very process as a tree of at least one", async () => {
    const memory = await treeResidentBytes(process.pid);
    expect(memory.mainBytes).toBeGreaterThan(0);
    expect(memory.treeBytes).toBeGreaterThanOrEqual(memory.mainBytes);
    expect(memory.members[0]?.command).toContain("node");
  });
});
