import { expect, it } from "vitest";
import { createBuiltinTools } from "./builtin-tools.ts";

it("offers web.fetch only when the gateway provides its fetch and window", () => {
  const names = (tools: { name: string }[]) => tools.map((tool) => tool.name);
  expect(names(createBuiltinTools({ workspaceDir: "/nonexistent" }))).toEqual([
    "files.read",
    "files.write",
    "files.list",
    "files.search",
    "shell.run",
  ]);
  const withWeb = createBuiltinTools({
    workspaceDir: "/nonexistent",
    webFetch: { fetch: globalThis.fetch, allowWebFetch: () => () => {} },
  });
  expect(names(withWeb).at(-1)).toBe("web.fetch");
});

it("gives every built-in a JSON Schema for the model", () => {
  for (const tool of createBuiltinTools({ workspaceDir: "/nonexistent" })) {
    expect(tool.input.jsonSchema, tool.name).toMatchObject({ type: "object" });
  }
});
