import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Tool } from "../tool.ts";
import { createFileTools } from "./file-tools.ts";
import { callTool, outputOf } from "./test-tool-call.ts";

let base: string;
let workspace: string;
let outside: string;
let tools: Record<string, Tool>;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "agent-files-"));
  workspace = join(base, "workspace");
  outside = join(base, "outside");
  await mkdir(workspace);
  await mkdir(outside);
  await writeFile(join(outside, "secret.txt"), "top secret\n");
  tools = Object.fromEntries(
    createFileTools({
      workspaceDir: workspace,
      read: { maxReadBytes: 64 },
      write: { maxWriteBytes: 1024 },
      list: { maxEntries: 50 },
      search: { maxResults: 3, maxFileBytes: 2048 },
    }).map((tool) => [tool.name, tool]),
  );
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const tool = (name: string) => {
  const found = tools[name];
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe("file tools inside the workspace", () => {
  it("writes, reads back, lists and searches files", async () => {
    expect(
      outputOf(await callTool(tool("files.write"), { path: "notes/today.md", content: "Hello\nworld\n" })),
    ).toBe("Wrote 12 B to notes/today.md.");
    await callTool(tool("files.write"), { path: "notes/today.md", content: "again\n", mode: "append" });
    expect(outputOf(await callTool(tool("files.read"), { path: "notes/today.md" }))).toBe(
      "Hello\nworld\nagain\n",
    );
    expect(outputOf(await callTool(tool("files.list"), { path: "." }))).toBe("notes/");
    expect(outputOf(await callTool(tool("files.list"), { recursive: true }))).toBe(
      "notes/\nnotes/today.md (18 B)",
    );
    expect(outputOf(await callTool(tool("files.search"), { query: "WORLD" }))).toBe(
      "notes/today.md:2: world",
    );
    expect(outputOf(await callTool(tool("files.search"), { query: "WORLD", caseSensitive: true }))).toBe(
      'no matches for "WORLD"',
    );
  });

  it("refuses to create over an existing file in create mode", async () => {
    await callTool(tool("files.write"), { path: "a.txt", content: "1" });
    const result = await callTool(tool("files.write"), { path: "a.txt", content: "2", mode: "create" });
    expect(result).toEqual({ ok: false, error: { code: "TOOL_FAILED", message: "a.txt already exists" } });
    expect(await readFile(join(workspace, "a.txt"), "utf8")).toBe("1");
  });

  it("reads a long file in parts, never splitting a character", async () => {
    const text = `${"é".repeat(40)}end`; // 83 bytes; byte 64 falls inside an é
    await writeFile(join(workspace, "long.txt"), text);
    const first = outputOf(await callTool(tool("files.read"), { path: "long.txt" }));
    expect(first).toBe(
      `${"é".repeat(32)}\n[truncated: bytes 0–64 of 83 shown; call files.read with offset 64 to read on]`,
    );
    expect(outputOf(await callTool(tool("files.read"), { path: "long.txt", offset: 64 }))).toBe(
      `${"é".repeat(8)}end`,
    );
  });

  it("describes a binary file instead of dumping it", async () => {
    await writeFile(join(workspace, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    expect(outputOf(await callTool(tool("files.read"), { path: "image.png" }))).toBe(
      "image.png is a binary file (8 B); not shown as text.",
    );
    expect(outputOf(await callTool(tool("files.search"), { query: "PNG" }))).toBe('no matches for "PNG"');
  });

  it("refuses content over the write limit with a message that says what to do", async () => {
    const result = await callTool(tool("files.write"), { path: "big.txt", content: "x".repeat(2000) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual({
      code: "TOOL_INPUT_INVALID",
      message: "the content is 2.0 KB; one call writes at most 1.0 KB (write the rest with mode append)",
    });
    await expect(stat(join(workspace, "big.txt"))).rejects.toThrow();
  });

  it("stops a search at its result limit and skips files over the size limit", async () => {
    await writeFile(join(workspace, "many.txt"), "match\n".repeat(10));
    await writeFile(join(workspace, "huge.txt"), `match\n${"x".repeat(4000)}`);
    const output = outputOf(await callTool(tool("files.search"), { query: "match" }));
    expect(output).toBe(
      "many.txt:1: match\nmany.txt:2: match\nmany.txt:3: match\n" +
        "[more matches not shown: the search stops at 3; 1 file(s) over 2.0 KB skipped]",
    );
  });

  it("reports a missing file in workspace-relative words", async () => {
    expect(await callTool(tool("files.read"), { path: "nope/x.txt" })).toEqual({
      ok: false,
      error: { code: "TOOL_FAILED", message: "no such file or directory: nope/x.txt" },
    });
  });

  it("rejects arguments that fail validation", async () => {
    const result = await callTool(tool("files.read"), { path: 42 });
    expect(result.ok === false && result.error.code).toBe("TOOL_INPUT_INVALID");
  });
});

describe("path escapes", () => {
  const refused = { ok: false, error: { code: "PATH_OUTSIDE_WORKSPACE" } };

  it("refuses .. above the root for every tool", async () => {
    for (const [name, args] of [
      ["files.read", { path: "../outside/secret.txt" }],
      ["files.write", { path: "../outside/new.txt", content: "x" }],
      ["files.list", { path: ".." }],
      ["files.search", { query: "secret", path: "a/../../outside" }],
    ] as const) {
      expect(await callTool(tool(name), args), name).toMatchObject(refused);
    }
    await expect(stat(join(outside, "new.txt"))).rejects.toThrow();
  });

  it("refuses absolute paths, even of files that exist", async () => {
    expect(await callTool(tool("files.read"), { path: join(outside, "secret.txt") })).toMatchObject(refused);
    expect(await callTool(tool("files.write"), { path: join(outside, "x.txt"), content: "x" })).toMatchObject(
      refused,
    );
  });

  it("refuses a symlinked file that points outside", async () => {
    await symlink(join(outside, "secret.txt"), join(workspace, "link.txt"));
    expect(await callTool(tool("files.read"), { path: "link.txt" })).toMatchObject(refused);
    expect(await callTool(tool("files.write"), { path: "link.txt", content: "owned" })).toMatchObject(
      refused,
    );
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("top secret\n");
  });

  it("refuses a dangling symlink that would create a file outside", async () => {
    await symlink(join(outside, "planted.txt"), join(workspace, "dangling.txt"));
    expect(await callTool(tool("files.write"), { path: "dangling.txt", content: "x" })).toMatchObject(
      refused,
    );
    await expect(stat(join(outside, "planted.txt"))).rejects.toThrow();
  });

  it("refuses paths through a symlinked directory, and search and list do not follow it", async () => {
    await symlink(outside, join(workspace, "door"));
    expect(await callTool(tool("files.read"), { path: "door/secret.txt" })).toMatchObject(refused);
    expect(await callTool(tool("files.write"), { path: "door/new.txt", content: "x" })).toMatchObject(
      refused,
    );
    expect(await callTool(tool("files.write"), { path: "door/deep/new.txt", content: "x" })).toMatchObject(
      refused,
    );
    expect(await callTool(tool("files.list"), { path: "door" })).toMatchObject(refused);
    expect(outputOf(await callTool(tool("files.list"), { recursive: true }))).toBe(
      "door@ (symlink, not followed)",
    );
    expect(outputOf(await callTool(tool("files.search"), { query: "secret" }))).toBe(
      'no matches for "secret"',
    );
    await expect(stat(join(outside, "new.txt"))).rejects.toThrow();
    await expect(stat(join(outside, "deep"))).rejects.toThrow();
  });

  it("follows a symlink that stays inside the workspace", async () => {
    await writeFile(join(workspace, "real.txt"), "inside");
    await symlink(join(workspace, "real.txt"), join(workspace, "alias.txt"));
    expect(outputOf(await callTool(tool("files.read"), { path: "alias.txt" }))).toBe("inside");
  });

  it("refuses a directory swapped for a symlink after it was used", async () => {
    await callTool(tool("files.write"), { path: "work/data.txt", content: "mine" });
    await writeFile(join(outside, "data.txt"), "theirs");
    await rm(join(workspace, "work"), { recursive: true });
    await symlink(outside, join(workspace, "work"));
    expect(await callTool(tool("files.read"), { path: "work/data.txt" })).toMatchObject(refused);
    expect(await callTool(tool("files.write"), { path: "work/data.txt", content: "x" })).toMatchObject(
      refused,
    );
    expect(await readFile(join(outside, "data.txt"), "utf8")).toBe("theirs");
  });
});
