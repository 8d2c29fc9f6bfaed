import { McpServers } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { readMcpServersPaste, secretLookingValues } from "./mcp-servers-paste.ts";

/** Cursor's interpolation syntax, written as the file has it. */
const cursorInterpolation = ["$", "{env:TOKEN}"].join("");

describe("reading a pasted Claude Desktop or Cursor mcpServers text", () => {
  it("takes Claude Desktop's local servers and ignores the rest of its config file", () => {
    const paste = readMcpServersPaste(
      JSON.stringify({
        globalShortcut: "Ctrl+Space",
        mcpServers: {
          filesystem: {
            command: "npx",
            args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada"],
          },
          github: { command: "npx", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" } },
        },
      }),
    );
    expect(paste).toEqual({
      ok: true,
      servers: {
        filesystem: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada"],
          env: {},
          enabled: true,
        },
        github: {
          command: "npx",
          args: [],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" },
          enabled: true,
        },
      },
      refused: [],
    });
    if (paste.ok) expect(McpServers.safeParse(paste.servers).success).toBe(true);
  });

  it("takes Cursor's remote servers, its type field and a disabled flag", () => {
    const paste = readMcpServersPaste(
      JSON.stringify({
        mcpServers: {
          linear: { url: "https://mcp.linear.test/mcp", headers: { Authorization: "Bearer lin_x" } },
          docs: { type: "streamable-http", url: "https://docs.example.test/mcp" },
          local: { type: "stdio", command: "node", args: ["server.js"], disabled: true },
        },
      }),
    );
    expect(paste).toMatchObject({
      ok: true,
      servers: {
        linear: {
          url: "https://mcp.linear.test/mcp",
          headers: { Authorization: "Bearer lin_x" },
          enabled: true,
        },
        docs: { url: "https://docs.example.test/mcp", headers: {}, enabled: true },
        local: { command: "node", args: ["server.js"], env: {}, enabled: false },
      },
      refused: [],
    });
  });

  it("keeps the good entries and names each refused one with every reason", () => {
    const paste = readMcpServersPaste(
      JSON.stringify({
        mcpServers: {
          good: { command: "uvx", args: ["mcp-server-git"] },
          "my server": { command: "x" },
          remote: { type: "sse", url: "https://mcp.example.test/sse" },
          both: { command: "x", url: "https://x.test/mcp" },
          weird: { command: "node", args: "server.js", envFile: ".env", env: { TOKEN: cursorInterpolation } },
          local: { command: "node", headers: { a: "b" } },
        },
      }),
    );
    if (!paste.ok) throw new Error(paste.problem);
    expect(Object.keys(paste.servers)).toEqual(["good"]);
    expect(paste.refused).toEqual([
      {
        name: "my server",
        problems: ["the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)"],
      },
      {
        name: "remote",
        problems: ['type "sse" is not supported; the gateway speaks Streamable HTTP (give its /mcp URL)'],
      },
      { name: "both", problems: ['has both "command" and "url"; a server is one or the other'] },
      {
        name: "weird",
        problems: [
          '"envFile" is not supported (put the variables in "env")',
          `env.TOKEN: ${cursorInterpolation} is not expanded by the gateway; write the value itself`,
          expect.stringMatching(/^args: /),
        ],
      },
      { name: "local", problems: ['"headers" is not supported (it belongs to a remote server)'] },
    ]);
  });

  it('accepts the "mcpServers" member alone, or the server map itself, as people copy them', () => {
    const member = readMcpServersPaste(
      '"mcpServers": { "git": { "command": "uvx", "args": ["mcp-server-git"] } }',
    );
    expect(member).toMatchObject({ ok: true, servers: { git: { command: "uvx" } } });
    const map = readMcpServersPaste('{ "git": { "command": "uvx" } }');
    expect(map).toMatchObject({ ok: true, servers: { git: { command: "uvx" } } });
  });

  it("says what it expected when the text is not an mcpServers file", () => {
    expect(readMcpServersPaste("{ not json")).toEqual({
      ok: false,
      problem: expect.stringMatching(/^This is not JSON: /),
    });
    expect(readMcpServersPaste(JSON.stringify({ servers: [] }))).toEqual({
      ok: false,
      problem: expect.stringContaining('No "mcpServers" object here'),
    });
  });

  it("points out env values and headers that look like credentials", () => {
    const paste = readMcpServersPaste(
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
    if (!paste.ok) throw new Error(paste.problem);
    expect(secretLookingValues(paste.servers)).toEqual([
      "github.env.GITHUB_PERSONAL_ACCESS_TOKEN",
      "linear.headers.Authorization",
    ]);
  });
});
