import { describe, expect, it } from "vitest";
import { readMcpServersPaste } from "./mcp-servers-paste.ts";

/*
 * The rules for each entry are tested with the importer in packages/protocol; these tests are about the paste:
 * the forms people copy, keeping the good entries, and problems in words the box shows.
 */

describe("reading a pasted Claude Desktop or Cursor mcpServers text", () => {
  it("takes the servers of a whole config file and ignores the rest of it", () => {
    const paste = readMcpServersPaste(
      JSON.stringify({
        globalShortcut: "Ctrl+Space",
        mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"] } },
      }),
    );
    expect(paste).toEqual({
      ok: true,
      servers: {
        files: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-filesystem"],
          env: {},
          enabled: true,
        },
      },
      refused: [],
    });
  });

  it('accepts the "mcpServers" member alone, or the server map itself, as people copy them', () => {
    const member = readMcpServersPaste(
      '  "mcpServers": { "git": { "command": "uvx", "args": ["mcp-server-git"] } }\n',
    );
    expect(member).toMatchObject({ ok: true, servers: { git: { command: "uvx" } } });
    const map = readMcpServersPaste('{ "git": { "command": "uvx" } }');
    expect(map).toMatchObject({ ok: true, servers: { git: { command: "uvx" } } });
  });

  it("keeps the good entries and lists each refused one with its problems as lines", () => {
    const paste = readMcpServersPaste(
      JSON.stringify({
        mcpServers: {
          good: { command: "uvx", args: ["mcp-server-git"] },
          "my server": { command: "x" },
          local: { command: "node", headers: { a: "b" }, disabled: "no" },
        },
      }),
    );
    expect(paste).toEqual({
      ok: true,
      servers: { good: { command: "uvx", args: ["mcp-server-git"], env: {}, enabled: true } },
      refused: [
        {
          name: "my server",
          problems: [
            "the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)",
          ],
        },
        {
          name: "local",
          problems: [
            "headers: not supported (it belongs to a remote server)",
            "disabled: must be true or false",
          ],
        },
      ],
    });
  });

  it("says what it expected when the text is not an mcpServers text", () => {
    expect(readMcpServersPaste("{ not json")).toEqual({
      ok: false,
      problem: expect.stringMatching(/^This is not JSON: /),
    });
    expect(readMcpServersPaste(JSON.stringify({ servers: [] }))).toEqual({
      ok: false,
      problem: expect.stringContaining('No "mcpServers" object here'),
    });
    expect(readMcpServersPaste("{}")).toEqual({
      ok: false,
      problem: expect.stringContaining('No "mcpServers" object here'),
    });
  });
});
