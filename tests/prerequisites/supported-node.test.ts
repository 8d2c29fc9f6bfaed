import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listWorkspacePackages, repositoryRoot } from "../architecture/workspace-sources.ts";
import { describeSupportedNode, isSupportedNode, nodeEnginesRange } from "./supported-node.ts";

function enginesOf(directory: string): unknown {
  return JSON.parse(readFileSync(join(repositoryRoot, directory, "package.json"), "utf8")).engines?.node;
}

describe("the supported Node.js versions", () => {
  it("are 20 from 20.19, 22 from 22.12, and 24 and every later line", () => {
    const supported = ["20.19.0", "20.20.2", "22.12.0", "22.23.3", "24.0.0", "24.21.0", "26.10.0", "v24.1.0"];
    const unsupported = ["18.20.8", "20.18.3", "21.7.3", "22.11.0", "23.11.1", "not-a-version"];

    expect(supported.filter((version) => !isSupportedNode(version))).toEqual([]);
    expect(unsupported.filter((version) => isSupportedNode(version))).toEqual([]);
  });

  it("read the same in a message and in engines", () => {
    expect(describeSupportedNode()).toBe("20.19+, 22.12+ or 24 and later");
    expect(nodeEnginesRange()).toBe("^20.19.0 || ^22.12.0 || >=24.0.0");
  });

  it("are what the engines field of the root and of every workspace package declares", () => {
    const directories = [".", ...listWorkspacePackages().map((pkg) => pkg.directory)];
    const declared = Object.fromEntries(directories.map((directory) => [directory, enginesOf(directory)]));

    expect(declared).toEqual(
      Object.fromEntries(directories.map((directory) => [directory, nodeEnginesRange()])),
    );
  });
});
