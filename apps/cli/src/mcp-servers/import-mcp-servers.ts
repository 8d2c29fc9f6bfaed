import {
  describeMcpProblem,
  importMcpServerMap,
  MAX_MCP_SERVERS,
  McpServerName,
  type McpServers,
} from "@multiclaw/protocol";

/*
 * `--mcp-servers <file>` takes the `mcpServers` object people already have (Claude Desktop's
 * claude_desktop_config.json, Cursor's .cursor/mcp.json). The entries are read by the protocol's importer, the same
 * rules as the App's paste box; a command line stores what it was given or nothing, so here one bad entry refuses
 * the file, and every problem names its entry and field (`mcpServers.github.env.TOKEN: …`) so one run shows all
 * that needs fixing.
 */

export class McpServersFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "McpServersFileError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where an entry stands in the file; a name that is not an identifier is quoted so its spaces show. */
function entryPath(name: string): string {
  return `mcpServers.${McpServerName.safeParse(name).success ? name : JSON.stringify(name)}`;
}

/**
 * The agent's MCP servers from the text of a Claude Desktop or Cursor config file. Throws McpServersFileError
 * with every problem found (each naming its entry), so one run shows all that needs fixing.
 *
 * @example importMcpServers('{"mcpServers":{"files":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"]}}}')
 */
export function importMcpServers(text: string): McpServers {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new McpServersFileError([`not JSON: ${(error as Error).message}`]);
  }
  if (!isRecord(document) || !isRecord(document.mcpServers)) {
    throw new McpServersFileError([
      'no "mcpServers" object; expected the format of claude_desktop_config.json or .cursor/mcp.json: ' +
        '{ "mcpServers": { "<name>": { "command": …, "args": […], "env": {…} } } }',
    ]);
  }
  const count = Object.keys(document.mcpServers).length;
  const { servers, refused } = importMcpServerMap(document.mcpServers);
  const problems = [
    ...(count > MAX_MCP_SERVERS
      ? [`mcpServers: ${count} servers; an agent has at most ${MAX_MCP_SERVERS}`]
      : []),
    ...refused.flatMap(({ name, problems }) =>
      problems.map((problem) => describeMcpProblem(problem, entryPath(name))),
    ),
  ];
  if (problems.length > 0) throw new McpServersFileError(problems);
  return servers;
}
