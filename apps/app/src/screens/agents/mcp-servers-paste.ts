import {
  McpHttpServer,
  type McpServerConfig,
  McpServerName,
  type McpServers,
  McpStdioServer,
} from "@multiclaw/protocol";

/*
 * The `mcpServers` text people paste from Claude Desktop (claude_desktop_config.json) or Cursor (.cursor/mcp.json),
 * entry by entry: what the agent can run is taken, and every entry it cannot honour is named with why, so one paste
 * shows all that needs fixing. The rules and the words are those of the CLI's `--mcp-servers`
 * (apps/cli/src/mcp-servers/import-mcp-servers.ts), which refuses the whole file instead; both should share one
 * module in a package once there is a home for it.
 */

export interface RefusedServer {
  name: string;
  problems: string[];
}

export type McpPaste =
  | { ok: false; problem: string }
  | { ok: true; servers: McpServers; refused: RefusedServer[] };

/** Fields of the clients' formats that only say which transport an entry uses. */
const transportTypes: Record<string, "stdio" | "http" | "sse"> = {
  stdio: "stdio",
  http: "http",
  "streamable-http": "http",
  streamableHttp: "http",
  sse: "sse",
};

const stdioFields = new Set(["command", "args", "env", "cwd"]);
const httpFields = new Set(["url", "headers"]);
const sharedFields = new Set(["type", "enabled", "disabled"]);

/** Interpolations some clients expand (`${env:TOKEN}`, `${TOKEN}`); the gateway passes values as written. */
const interpolation = /\$\{[^}]*\}/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function transportProblem(entry: Record<string, unknown>, hasCommand: boolean): string | null {
  const declared = entry.type;
  if (declared === undefined) return null;
  const transport = typeof declared === "string" ? transportTypes[declared] : undefined;
  if (transport === "sse") {
    return 'type "sse" is not supported; the gateway speaks Streamable HTTP (give its /mcp URL)';
  }
  if (transport === undefined)
    return `type ${JSON.stringify(declared)} is not one of stdio, http, streamable-http`;
  if ((transport === "stdio") !== hasCommand) {
    return `type "${declared}" does not match ${hasCommand ? '"command"' : '"url"'}`;
  }
  return null;
}

function unsupportedFields(entry: Record<string, unknown>, hasCommand: boolean): string[] {
  const own = hasCommand ? stdioFields : httpFields;
  return Object.keys(entry)
    .filter((field) => !own.has(field) && !sharedFields.has(field))
    .map((field) => {
      const hint =
        field === "envFile"
          ? ' (put the variables in "env")'
          : stdioFields.has(field) || httpFields.has(field)
            ? ` (it belongs to a ${hasCommand ? "remote" : "local"} server)`
            : "";
      return `"${field}" is not supported${hint}`;
    });
}

function interpolations(entry: Record<string, unknown>, hasCommand: boolean): string[] {
  const field = hasCommand ? "env" : "headers";
  const values = entry[field];
  if (!isRecord(values)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const found = typeof value === "string" ? value.match(interpolation)?.[0] : undefined;
    return found ? [`${field}.${key}: ${found} is not expanded by the gateway; write the value itself`] : [];
  });
}

/** One entry as the agent schema's server, or why it cannot be. */
export function convertMcpEntry(entry: unknown): { server: McpServerConfig } | { problems: string[] } {
  if (!isRecord(entry)) return { problems: ['must be an object with "command" or "url"'] };
  const hasCommand = "command" in entry;
  const hasUrl = "url" in entry;
  if (hasCommand && hasUrl)
    return { problems: ['has both "command" and "url"; a server is one or the other'] };
  if (!hasCommand && !hasUrl)
    return { problems: ['needs "command" (a local server) or "url" (a remote one)'] };
  const problems = [
    transportProblem(entry, hasCommand),
    ...unsupportedFields(entry, hasCommand),
    ...interpolations(entry, hasCommand),
  ].filter((problem): problem is string => problem !== null);
  if ("disabled" in entry && typeof entry.disabled !== "boolean")
    problems.push('"disabled" must be true or false');
  const { type: _type, disabled, ...rest } = entry;
  const own = hasCommand ? stdioFields : httpFields;
  // Unsupported fields are already named above; the schema sees only what the server may carry.
  const fields = Object.fromEntries(
    Object.entries(rest).filter(([field]) => own.has(field) || field === "enabled"),
  );
  const candidate = disabled === true ? { ...fields, enabled: false } : fields;
  const parsed = hasCommand ? McpStdioServer.safeParse(candidate) : McpHttpServer.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".");
      problems.push(path ? `${path}: ${issue.message}` : issue.message);
    }
  }
  return problems.length > 0 || !parsed.success ? { problems } : { server: parsed.data };
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
  const servers: McpServers = {};
  const refused: RefusedServer[] = [];
  for (const [name, entry] of Object.entries(map)) {
    if (!McpServerName.safeParse(name).success) {
      refused.push({
        name,
        problems: ["the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)"],
      });
      continue;
    }
    const converted = convertMcpEntry(entry);
    if ("server" in converted) servers[name] = converted.server;
    else refused.push({ name, problems: converted.problems });
  }
  return { ok: true, servers, refused };
}

/** At most this many servers per agent (the agent schema's limit). */
export const MAX_MCP_SERVERS = 64;

/** Names whose values look like credentials: they are stored in the Cloud as written, readable by members. */
const secretLooking = /key|token|secret|password|passwd|credential|auth|cookie|session|pat$/i;

/** `<server>.env.<NAME>` / `<server>.headers.<Name>` for every value that looks like a credential. */
export function secretLookingValues(servers: McpServers): string[] {
  return Object.entries(servers).flatMap(([name, server]) => {
    const [field, values] = "command" in server ? ["env", server.env] : ["headers", server.headers];
    return Object.entries(values)
      .filter(([key, value]) => secretLooking.test(key) && value !== "")
      .map(([key]) => `${name}.${field}.${key}`);
  });
}
