import {
  McpHttpServer,
  type McpServerConfig,
  McpServerName,
  type McpServers,
  McpStdioServer,
} from "@multiclaw/protocol";

/*
 * `--mcp-servers <file>` takes the `mcpServers` object people already have: Claude Desktop's
 * claude_desktop_config.json (`{ "command", "args", "env" }`) or Cursor's .cursor/mcp.json (the same, plus
 * `{ "url", "headers" }` for remote servers). It becomes the agent schema's server list, entry by entry, and every
 * problem names the entry and the field, so a person can fix the file. Nothing is guessed: a field the agent
 * cannot honour is refused rather than dropped.
 */

export class McpServersFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "McpServersFileError";
  }
}

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

function issuesOf(
  where: string,
  error: { issues: readonly { path: PropertyKey[]; message: string }[] },
): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return `${where}${path ? `.${path}` : ""}: ${issue.message}`;
  });
}

function convertEntry(name: string, entry: unknown): { server?: McpServerConfig; problems: string[] } {
  const where = `mcpServers.${name}`;
  if (!isRecord(entry)) return { problems: [`${where}: must be an object with "command" or "url"`] };
  const problems: string[] = [];
  const hasCommand = "command" in entry;
  const hasUrl = "url" in entry;
  if (hasCommand && hasUrl)
    problems.push(`${where}: has both "command" and "url"; a server is one or the other`);
  if (!hasCommand && !hasUrl) {
    problems.push(`${where}: needs "command" (a local server) or "url" (a remote one)`);
  }
  const declared = entry.type;
  if (declared !== undefined) {
    const transport = typeof declared === "string" ? transportTypes[declared] : undefined;
    if (transport === "sse") {
      problems.push(
        `${where}.type: "sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)`,
      );
    } else if (transport === undefined) {
      problems.push(`${where}.type: ${JSON.stringify(declared)} is not one of stdio, http, streamable-http`);
    } else if ((transport === "stdio") !== hasCommand) {
      problems.push(`${where}.type: "${declared}" does not match ${hasCommand ? '"command"' : '"url"'}`);
    }
  }
  // With both or neither, which fields belong is unknowable: the problem above is the one to fix first.
  if (hasCommand === hasUrl) return { problems };
  const ownFields = hasCommand ? stdioFields : httpFields;
  const known: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(entry)) {
    if (ownFields.has(field) || sharedFields.has(field)) {
      known[field] = value;
      continue;
    }
    const hint =
      field === "envFile"
        ? ' (put the variables in "env")'
        : stdioFields.has(field) || httpFields.has(field)
          ? ` (it belongs to a ${hasCommand ? "remote" : "local"} server)`
          : "";
    problems.push(`${where}.${field}: not supported${hint}`);
  }
  if ("disabled" in entry && typeof entry.disabled !== "boolean") {
    problems.push(`${where}.disabled: must be true or false`);
  }
  const values = hasCommand ? entry.env : entry.headers;
  if (isRecord(values)) {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "string" && interpolation.test(value)) {
        problems.push(
          `${where}.${hasCommand ? "env" : "headers"}.${key}: ${value.match(interpolation)?.[0]} is not expanded by the gateway; write the value itself`,
        );
      }
    }
  }

  const { type: _type, disabled, ...fields } = known;
  const candidate = disabled === true ? { ...fields, enabled: false } : fields;
  const parsed = hasCommand ? McpStdioServer.safeParse(candidate) : McpHttpServer.safeParse(candidate);
  if (!parsed.success) problems.push(...issuesOf(where, parsed.error));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { server: parsed.data, problems: [] };
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
  const servers: McpServers = {};
  const problems: string[] = [];
  const entries = Object.entries(document.mcpServers);
  if (entries.length > 64) problems.push(`mcpServers: ${entries.length} servers; an agent has at most 64`);
  for (const [name, entry] of entries) {
    const validName = McpServerName.safeParse(name);
    if (!validName.success) {
      problems.push(
        `mcpServers.${JSON.stringify(name)}: the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)`,
      );
      continue;
    }
    const converted = convertEntry(name, entry);
    problems.push(...converted.problems);
    if (converted.server) servers[name] = converted.server;
  }
  if (problems.length > 0) throw new McpServersFileError(problems);
  return servers;
}

/** Names whose values look like credentials: what the help and the warning are about. */
const secretLooking = /key|token|secret|password|passwd|credential|auth|cookie|session|pat$/i;

/**
 * `<server>.env.<NAME>` and `<server>.headers.<Name>` for every value that looks like a credential, so the
 * command can say, before it stores them, that they will be readable by the workspace's members.
 */
export function secretLookingValues(servers: McpServers): string[] {
  const found: string[] = [];
  for (const [name, server] of Object.entries(servers)) {
    const [field, values] = "command" in server ? ["env", server.env] : ["headers", server.headers];
    for (const key of Object.keys(values)) {
      if (secretLooking.test(key) && values[key] !== "") found.push(`${name}.${field}.${key}`);
    }
  }
  return found;
}
