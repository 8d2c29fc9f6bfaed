import { describeMcpProblem, importMcpServerMap, type McpServers } from "@multiclaw/protocol";

/*
 * The `mcpServers` text people paste from Claude Desktop (claude_desktop_config.json) or Cursor (.cursor/mcp.json).
 * The entries are read by the protocol's importer, the rules of the CLI's `--mcp-servers`; unlike the CLI, a paste
 * keeps what the agent can run and lists every refused entry with why, and it takes the text as people copy it:
 * the whole file, the `"mcpServers": {…}` member alone, or the server map itself.
 */

export interface RefusedServer {
  name: string;
  problems: string[];
}

export type McpPaste =
  | { ok: false; problem: string }
  | { ok: true; servers: McpServers; refused: RefusedServer[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The pasted text as JSON: the whole file, or just its `"mcpServers": {…}` member as people often copy it. */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    try {
      return JSON.parse(`{${text}}`);
    } catch {
      throw error;
    }
  }
}

function looksLikeServerMap(value: Record<string, unknown>): boolean {
  const entries = Object.values(value);
  return (
    entries.length > 0 && entries.every((entry) => isRecord(entry) && ("command" in entry || "url" in entry))
  );
}

/**
 * Reads a pasted `mcpServers` text: the servers the agent can run, and each refused entry with its problems.
 *
 * @example readMcpServersPaste('{"mcpServers":{"files":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"]}}}')
 */
export function readMcpServersPaste(text: string): McpPaste {
  let document: unknown;
  try {
    document = parseLenient(text.trim());
  } catch (error) {
    return { ok: false, problem: `This is not JSON: ${(error as Error).message}` };
  }
  const map = isRecord(document)
    ? isRecord(document.mcpServers)
      ? document.mcpServers
      : looksLikeServerMap(document)
        ? document
        : null
    : null;
  if (!map) {
    return {
      ok: false,
      problem:
        'No "mcpServers" object here. Paste the format of claude_desktop_config.json or .cursor/mcp.json: ' +
        '{ "mcpServers": { "<name>": { "command": …, "args": […], "env": {…} } } }',
    };
  }
  const { servers, refused } = importMcpServerMap(map);
  return {
    ok: true,
    servers,
    refused: refused.map(({ name, problems }) => ({
      name,
      problems: problems.map((problem) => describeMcpProblem(problem)),
    })),
  };
}
