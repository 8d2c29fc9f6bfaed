import { McpServers } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { importMcpServers, McpServersFileError, secretLookingValues } from "./import-mcp-servers.ts";

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
  it("takes Claude Desktop's local servers with their command, args and env", () => {
    const servers = importMcpServers(
      JSON.stringify({
        globalShortcut: "Ctrl+Space", // the rest of claude_desktop_config.json is ignored
        mcpServers: {
          filesystem: {
            command: "npx",
            args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada/Desktop"],
          },
          github: {
            command: "npx",
            args: ["-y", "@modelcontextprotocol/server-github"],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" },
          },
        },
      }),
    );
    expect(McpServers.parse(servers)).toEqual({
      filesystem: {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada/Desktop"],
        env: {},
        enabled: true,
      },
      github: {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-github"],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" },
        enabled: true,
      },
    });
  });

  it("takes Cursor's remote servers with url and headers, its type field, and a disabled flag", () => {
    const servers = importMcpServers(
      JSON.stringify({
        mcpServers: {
          linear: { url: "https://mcp.linear.test/mcp", headers: { Authorization: "Bearer lin_x" } },
          docs: { type: "streamable-http", url: "https://docs.example.test/mcp" },
          local: { type: "stdio", command: "node", args: ["server.js"], disabled: true },
        },
      }),
    );
    expect(servers).toEqual({
      linear: {
        url: "https://mcp.linear.test/mcp",
        headers: { Authorization: "Bearer lin_x" },
        enabled: true,
      },
      docs: { url: "https://docs.example.test/mcp", headers: {}, enabled: true },
      local: { command: "node", args: ["server.js"], env: {}, enabled: false },
    });
  });

  it("names every bad entry and field, in one go", () => {
    const problems = problemsOf(
      JSON.stringify({
        mcpServers: {
          "my server": { command: "x" },
          remote: { type: "sse", url: "https://mcp.example.test/sse" },
          both: { command: "x", url: "https://x.test/mcp" },
          neither: { args: [] },
          weird: { command: "node", args: "server.js", envFile: ".env", env: { TOKEN: cursorInterpolation } },
          linear: { url: "ftp://x.test" },
          local: { command: "node", headers: { a: "b" } },
          text: "npx server",
        },
      }),
    );
    expect(problems).toEqual([
      `mcpServers."my server": the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)`,
      `mcpServers.remote.type: "sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)`,
      `mcpServers.both: has both "command" and "url"; a server is one or the other`,
      `mcpServers.neither: needs "command" (a local server) or "url" (a remote one)`,
      `mcpServers.weird.envFile: not supported (put the variables in "env")`,
      `mcpServers.weird.env.TOKEN: ${cursorInterpolation} is not expanded by the gateway; write the value itself`,
      expect.stringMatching(/^mcpServers\.weird\.args: Invalid input: expected array/),
      expect.stringMatching(/^mcpServers\.linear\.url: /),
      "mcpServers.local.headers: not supported (it belongs to a remote server)",
      `mcpServers.text: must be an object with "command" or "url"`,
    ]);
  });

  it("says what it expected when the file is not an mcpServers file", () => {
    expect(problemsOf("{ not json")).toEqual([expect.stringMatching(/^not JSON: /)]);
    expect(problemsOf(JSON.stringify({ servers: {} }))).toEqual([
      expect.stringContaining('no "mcpServers" object; expected the format of claude_desktop_config.json'),
    ]);
  });

  it("points out env values and headers that look like credentials", () => {
    const servers = importMcpServers(
      JSON.stringify({
        mcpServers: {
          github: { command: "npx", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_x", LOG_LEVEL: "info" } },
          linear: {
            url: "https://mcp.linear.test/mcp",
            headers: { Authorization: "Bearer x", Accept: "*/*" },
          },
        },
      }),
    );
    expect(secretLookingValues(servers)).toEqual([
      "github.env.GITHUB_PERSONAL_ACCESS_TOKEN",
      "linear.headers.Authorization",
    ]);
  });
});
