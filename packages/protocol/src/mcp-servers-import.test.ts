import { describe, expect, it } from "vitest";
import { McpServers } from "./agent.schema.ts";
import {
  describeMcpProblem,
  importMcpServerEntry,
  importMcpServerMap,
  secretLookingValues,
} from "./mcp-servers-import.ts";

/** Cursor's and VS Code's interpolation syntaxes, written as the files have them. */
const cursorInterpolation = ["$", "{env:TOKEN}"].join("");
const plainInterpolation = ["$", "{TOKEN}"].join("");

describe("importing the mcpServers object of Claude Desktop or Cursor", () => {
  it("takes Claude Desktop's local servers with their command, args and env", () => {
    const imported = importMcpServerMap({
      filesystem: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada"] },
      github: {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-github"],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" },
      },
    });
    expect(imported).toEqual({
      servers: {
        filesystem: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada"],
          env: {},
          enabled: true,
        },
        github: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-github"],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_example" },
          enabled: true,
        },
      },
      refused: [],
    });
    expect(McpServers.safeParse(imported.servers).success).toBe(true);
  });

  it("takes Cursor's remote servers with url and headers, its type field, and a disabled flag", () => {
    const imported = importMcpServerMap({
      linear: { url: "https://mcp.linear.test/mcp", headers: { Authorization: "Bearer lin_x" } },
      docs: { type: "streamable-http", url: "https://docs.example.test/mcp" },
      local: { type: "stdio", command: "node", args: ["server.js"], disabled: true },
    });
    expect(imported).toEqual({
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

  it("keeps the good entries and names each refused one with every reason, in file order", () => {
    const imported = importMcpServerMap({
      good: { command: "uvx", args: ["mcp-server-git"] },
      "my server": { command: "x" },
      remote: { type: "sse", url: "https://mcp.example.test/sse" },
      both: { command: "x", url: "https://x.test/mcp" },
      neither: { args: [] },
      weird: { command: "node", args: "server.js", envFile: ".env", env: { TOKEN: cursorInterpolation } },
      linear: { url: "ftp://x.test" },
      local: { command: "node", headers: { a: "b" } },
      text: "npx server",
    });
    expect(Object.keys(imported.servers)).toEqual(["good"]);
    expect(imported.refused).toEqual([
      {
        name: "my server",
        problems: [
          {
            field: "",
            message:
              "the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)",
          },
        ],
      },
      {
        name: "remote",
        problems: [
          {
            field: "type",
            message:
              '"sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)',
          },
        ],
      },
      {
        name: "both",
        problems: [{ field: "", message: 'has both "command" and "url"; a server is one or the other' }],
      },
      {
        name: "neither",
        problems: [{ field: "", message: 'needs "command" (a local server) or "url" (a remote one)' }],
      },
      {
        name: "weird",
        problems: [
          { field: "envFile", message: 'not supported (put the variables in "env")' },
          {
            field: "env.TOKEN",
            message: `${cursorInterpolation} is not expanded by the gateway; write the value itself`,
          },
          { field: "args", message: expect.stringMatching(/^Invalid input: expected array/) },
        ],
      },
      { name: "linear", problems: [{ field: "url", message: expect.any(String) }] },
      {
        name: "local",
        problems: [{ field: "headers", message: "not supported (it belongs to a remote server)" }],
      },
      { name: "text", problems: [{ field: "", message: 'must be an object with "command" or "url"' }] },
    ]);
  });

  it("refuses a type that is unknown or does not match the entry, and a disabled flag that is not a boolean", () => {
    expect(importMcpServerEntry({ type: "websocket", url: "https://x.test/mcp" })).toEqual({
      problems: [{ field: "type", message: '"websocket" is not one of stdio, http, streamable-http' }],
    });
    expect(importMcpServerEntry({ type: "stdio", url: "https://x.test/mcp" })).toEqual({
      problems: [{ field: "type", message: '"stdio" does not match "url"' }],
    });
    expect(importMcpServerEntry({ type: "http", command: "node", disabled: "yes" })).toEqual({
      problems: [
        { field: "type", message: '"http" does not match "command"' },
        { field: "disabled", message: "must be true or false" },
      ],
    });
  });

  it("flags interpolations in headers as in env, since the gateway sends values as written", () => {
    expect(
      importMcpServerEntry({
        url: "https://x.test/mcp",
        headers: { Authorization: `Bearer ${plainInterpolation}` },
      }),
    ).toEqual({
      problems: [
        {
          field: "headers.Authorization",
          message: `${plainInterpolation} is not expanded by the gateway; write the value itself`,
        },
      ],
    });
  });
});

describe("describing a problem", () => {
  it("puts the field in front, and the entry's place in the file when given", () => {
    const problem = { field: "env.TOKEN", message: "not expanded" };
    expect(describeMcpProblem(problem)).toBe("env.TOKEN: not expanded");
    expect(describeMcpProblem(problem, "mcpServers.github")).toBe(
      "mcpServers.github.env.TOKEN: not expanded",
    );
    expect(describeMcpProblem({ field: "", message: "must be an object" })).toBe("must be an object");
    expect(describeMcpProblem({ field: "", message: "must be an object" }, "mcpServers.text")).toBe(
      "mcpServers.text: must be an object",
    );
  });
});

describe("values that look like credentials", () => {
  it("points out env values and headers that look like credentials, but not empty ones", () => {
    const { servers } = importMcpServerMap({
      github: {
        command: "npx",
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_x", LOG_LEVEL: "info", API_KEY: "" },
      },
      linear: { url: "https://mcp.linear.test/mcp", headers: { Authorization: "Bearer x", Accept: "*/*" } },
    });
    expect(secretLookingValues(servers)).toEqual([
      "github.env.GITHUB_PERSONAL_ACCESS_TOKEN",
      "linear.headers.Authorization",
    ]);
  });
});
