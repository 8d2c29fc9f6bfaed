import { describe, expect, it } from "vitest";
import { cleanToolName, createToolNames } from "./tool-names.ts";

describe("model-facing tool names", () => {
  it("replace what providers refuse and stay within 64 characters", () => {
    expect(cleanToolName("files.read")).toBe("files_read");
    expect(cleanToolName("github__create-issue")).toBe("github__create-issue");
    expect(cleanToolName(`server__${"x".repeat(100)}`)).toHaveLength(64);
  });

  it("map both ways, and give a clashing name a suffix instead of merging two tools", () => {
    const names = createToolNames([
      "delegate_step",
      "files.read",
      "files_read",
      `a${"x".repeat(70)}`,
      `a${"x".repeat(80)}`,
    ]);
    expect(names.toModel("files.read")).toBe("files_read");
    expect(names.toModel("files_read")).toBe("files_read_2");
    expect(names.fromModel("files_read_2")).toBe("files_read");
    expect(names.fromModel("files_read")).toBe("files.read");
    const longer = names.toModel(`a${"x".repeat(80)}`);
    expect(longer).toHaveLength(64);
    expect(longer.endsWith("_2")).toBe(true);
    expect(names.fromModel(longer)).toBe(`a${"x".repeat(80)}`);
  });

  it("name tools that are no longer offered the same way, for old messages", () => {
    const names = createToolNames(["files.read"]);
    expect(names.toModel("web.fetch")).toBe("web_fetch");
    expect(names.fromModel("web_fetch")).toBeUndefined();
  });
});
