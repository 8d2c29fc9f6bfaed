import { describe, expect, it } from "vitest";
import { libraryNodeGate, nodeVersionSatisfies } from "./node-engines-gate.ts";

describe("the Node gate of a library (decision 0010)", () => {
  it.each([
    [">= 24", "24.0.0", true],
    [">= 24", "24.21.0", true],
    [">= 24", "26.1.0", true],
    [">= 24", "20.20.2", false],
    [">= 24", "22.12.0", false],
    [">=22", "22.0.1", true],
    ["^20.19.0 || ^22.12.0 || >=24.0.0", "20.19.0", true],
    ["^20.19.0 || ^22.12.0 || >=24.0.0", "20.18.1", false],
    ["^20.19.0 || ^22.12.0 || >=24.0.0", "21.7.3", false],
    ["^20.19.0 || ^22.12.0 || >=24.0.0", "23.1.0", false],
    [">=18 <21", "20.1.0", true],
    [">=18 <21", "22.1.0", false],
    ["20.x", "20.5.0", true],
    ["20.1.x", "20.1.7", true],
    ["20.1.x", "20.2.0", false],
    ["24.1.0", "24.1.0", true],
    ["not a range", "24.0.0", false],
  ])("reads %s as %s on Node %s", (range, version, expected) => {
    expect(nodeVersionSatisfies(range, version)).toBe(expected);
  });

  it("reads the engines of the installed @microlink/mql and says what upgrading brings", () => {
    expect(libraryNodeGate("@microlink/mql", { nodeVersion: "20.20.2" })).toEqual({
      open: false,
      reason: "needs Node 24 (this is 20.20.2)",
    });
    expect(libraryNodeGate("@microlink/mql", { nodeVersion: "24.0.0" })).toEqual({ open: true });
  });

  it("keeps the feature off, rather than failing the start, when the library cannot be found", () => {
    expect(libraryNodeGate("@microlink/mql", { from: ["/nonexistent/bundle/chunk.js"] })).toEqual({
      open: false,
      reason: "needs @microlink/mql, which is not installed",
    });
  });
});
