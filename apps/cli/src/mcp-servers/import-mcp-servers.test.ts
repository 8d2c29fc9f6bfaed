import { describe, expect, it } from "vitest";
import { importMcpServers, McpServersFileError } from "./import-mcp-servers.ts";

/*
 * The rules for each entry are tested with the importer in packages/protocol; these tests are about the file:
 * all or nothing, and every problem named by its place in it.
 */

/** Cursor's interpolation syntax, written as the file has it. */
const cursorInterpolation = ["$", "{env:TOKEN}"].join("");

function problemsOf(text: string): readonly string[] {
  try {
    importMcpServers(text);
  } catch (error) {
    if (error instanceof McpServersFileError) return error.problems;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("importing a Claude Desktop or Cursor mcpServers file", () => {
  it("takes every server of a good file and ignores the rest of claude_desktop_config.json", () => {
    const servers = importMcpServers(
      JSON.stringify({
        globalShortcut: "Ctrl+Space",
        mcpServers: {
          filesystem: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] },
          linear: { url: "https://mcp.linear.test/mcp" },
        },
      }),
    );
    expect(servers).toEqual({
      filesystem: {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
        env: {},
        enabled: true,
      },
      linear: { url: "https://mcp.linear.test/mcp", headers: {}, enabled: true },
    });
  });

  it("refuses the whole file for one bad entry, naming every problem by its place in the file", () => {
    const problems = problemsOf(
      JSON.stringify({
        mcpServers: {
          git: { command: "uvx", args: ["mcp-server-git"] },
          "git server": { command: "uvx" },
          docs: { type: "sse", url: "https://docs.example.test/sse" },
          github: { command: "npx", args: "server-github", env: { GITHUB_TOKEN: cursorInterpolation } },
          jira: { url: "https://jira.example.test/mcp", cwd: "/tmp" },
          search: ["npx", "server-search"],
        },
      }),
    );
    // The rules are the importer's; the CLI adds where each problem is, quoting a name that is not one.
    expect(problems).toEqual([
      `mcpServers."git server": the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)`,
      `mcpServers.docs.type: "sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)`,
      `mcpServers.github.env.GITHUB_TOKEN: ${cursorInterpolation} is not expanded by the gateway; write the value itself`,
      expect.stringMatching(/^mcpServers\.github\.args: Invalid input: expected array/),
      "mcpServers.jira.cwd: not supported (it belongs to a local server)",
      `mcpServers.search: must be an object with "command" or "url"`,
    ]);
  });

  it("refuses more servers than an agent may have, before the problems of the entries", () => {
    const mcpServers = Object.fromEntries(
      Array.from({ length: 65 }, (_, index) => [`server-${index}`, { command: "node" }]),
    );
    mcpServers["server-0"] = { command: "" };
    const problems = problemsOf(JSON.stringify({ mcpServers }));
    expect(problems).toEqual([
      "mcpServers: 65 servers; an agent has at most 64",
      expect.stringMatching(/^mcpServers\.server-0\.command: /),
    ]);
  });

  it("says what it expected when the file is not an mcpServers file", () => {
    expect(problemsOf("{ not json")).toEqual([expect.stringMatching(/^not JSON: /)]);
    expect(problemsOf(JSON.stringify({ servers: {} }))).toEqual([
      expect.stringContaining('no "mcpServers" object; expected the format of claude_desktop_config.json'),
    ]);
    // The App's paste box takes the bare server map; a file given to the CLI must be the client's whole file.
    expect(problemsOf(JSON.stringify({ git: { command: "uvx" } }))).toEqual([
      expect.stringContaining('no "mcpServers" object'),
    ]);
  });
});
