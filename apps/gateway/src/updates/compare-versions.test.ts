import { describe, expect, it } from "vitest";
import { compareVersions } from "./compare-versions.ts";

describe("semantic-version precedence", () => {
  it("orders the example chain of semver.org section 11", () => {
    const chain = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.2.0",
      "1.10.0",
      "2.0.0",
    ];
    for (let index = 1; index < chain.length; index += 1) {
      const [older, newer] = [chain[index - 1] as string, chain[index] as string];
      expect(compareVersions(older, newer), `${older} < ${newer}`).toBeLessThan(0);
      expect(compareVersions(newer, older), `${newer} > ${older}`).toBeGreaterThan(0);
    }
  });

  it("treats versions that differ only in build metadata as equal", () => {
    expect(compareVersions("1.2.3+build.1", "1.2.3+build.9")).toBe(0);
    expect(compareVersions("1.2.3", "1.2.3")).toBe(0);
  });
});
