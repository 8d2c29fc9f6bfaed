import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { walkEntryGraph } from "./entry-graph.ts";
import { repositoryRoot } from "./workspace-sources.ts";

const readFromRepository = (path: string) => {
  const absolute = join(repositoryRoot, path);
  return existsSync(absolute) ? readFileSync(absolute, "utf8") : undefined;
};

describe("the protocol package's entry", () => {
  it("loads nothing but its own files and zod, so it runs in a browser", () => {
    const graph = walkEntryGraph("packages/protocol/src/index.ts", readFromRepository);

    expect(graph.files.length).toBeGreaterThan(5);
    expect(graph.unresolved).toEqual([]);
    const nodeBuiltins = graph.external.filter(({ specifier }) => specifier.startsWith("node:"));
    expect(nodeBuiltins).toEqual([]);
    const others = graph.external.filter(
      ({ specifier }) => specifier !== "zod" && !specifier.startsWith("zod/"),
    );
    expect(others).toEqual([]);
  });

  it("is caught when a file deep in the graph reaches node:*", () => {
    const files: Record<string, string> = {
      "src/index.ts": 'export { Task } from "./task.ts";',
      "src/task.ts":
        'import { z } from "zod";\nexport * as ids from "./ids.ts";\nexport const Task = z.object({});',
      "src/ids.ts": 'import { randomUUID } from "node:crypto";\nexport const newId = () => randomUUID();',
      "src/unreached.ts": 'import "node:fs";',
    };

    const graph = walkEntryGraph("src/index.ts", (path) => files[path]);

    expect(graph.files).toEqual(["src/index.ts", "src/task.ts", "src/ids.ts"]);
    expect(graph.external).toEqual([
      { file: "src/task.ts", specifier: "zod" },
      { file: "src/ids.ts", specifier: "node:crypto" },
    ]);
  });

  it("reports relative imports that lead nowhere instead of skipping them", () => {
    const graph = walkEntryGraph("src/index.ts", (path) =>
      path === "src/index.ts" ? 'export * from "./missing.ts";' : undefined,
    );

    expect(graph.unresolved).toEqual([{ file: "src/index.ts", specifier: "./missing.ts" }]);
  });
});
