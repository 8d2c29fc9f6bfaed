import {
  McpHttpServer,
  type McpServerConfig,
  McpServerName,
  type McpServers,
  McpStdioServer,
} from "./agent.schema.ts";

/*
 * The `mcpServers` object people already have — Claude Desktop's claude_desktop_config.json
 * (`{ "command", "args", "env" }`) or Cursor's .cursor/mcp.json (the same, plus `{ "url", "headers" }` for remote
 * servers) — read entry by entry into the agent schema's servers. Nothing is guessed: a field the agent cannot
 * honour is refused with the reason rather than dropped, and every problem of an entry is named at once. The
 * App's paste box keeps the good entries; the CLI's `--mcp-servers` refuses the whole file if one is bad.
 */

/** At most this many servers per agent (the limit `McpServers` checks). */
export const MAX_MCP_SERVERS = 64;

/** One reason an entry is refused; `field` is its path inside the entry (`env.TOKEN`), "" for the whole entry. */
export interface McpEntryProblem {
  field: string;
  message: string;
}

export interface RefusedMcpServer {
  name: string;
  problems: McpEntryProblem[];
}

/** What an `mcpServers` object yields: the servers the agent can run, and every entry it cannot, in file order. */
export interface McpServersImport {
  servers: McpServers;
  refused: RefusedMcpServer[];
}

/** Values of the clients' `type` field, by the transport they mean. */
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

const invalidName = "the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function transportProblem(declared: unknown, hasCommand: boolean): McpEntryProblem | null {
  if (declared === undefined) return null;
  const transport = typeof declared === "string" ? transportTypes[declared] : undefined;
  if (transport === "sse") {
    return {
      field: "type",
      message: '"sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)',
    };
  }
  if (transport === undefined) {
    return {
      field: "type",
      message: `${JSON.stringify(declared)} is not one of stdio, http, streamable-http`,
    };
  }
  if ((transport === "stdio") !== hasCommand) {
    return { field: "type", message: `"${declared}" does not match ${hasCommand ? '"command"' : '"url"'}` };
  }
  return null;
}

function unsupportedFields(entry: Record<string, unknown>, hasCommand: boolean): McpEntryProblem[] {
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
      return { field, message: `not supported${hint}` };
    });
}

function interpolations(entry: Record<string, unknown>, hasCommand: boolean): McpEntryProblem[] {
  const field = hasCommand ? "env" : "headers";
  const values = entry[field];
  if (!isRecord(values)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const found = typeof value === "string" ? value.match(interpolation)?.[0] : undefined;
    return found
      ? [
          {
            field: `${field}.${key}`,
            message: `${found} is not expanded by the gateway; write the value itself`,
          },
        ]
      : [];
  });
}

/**
 * One `mcpServers` entry as the agent schema's server, or every reason it cannot be one.
 *
 * @example importMcpServerEntry({ command: "uvx", args: ["mcp-server-git"] }) // { server: { command: "uvx", … } }
 */
export function importMcpServerEntry(
  entry: unknown,
): { server: McpServerConfig } | { problems: McpEntryProblem[] } {
  if (!isRecord(entry))
    return { problems: [{ field: "", message: 'must be an object with "command" or "url"' }] };
  const hasCommand = "command" in entry;
  const hasUrl = "url" in entry;
  const problems: McpEntryProblem[] = [];
  if (hasCommand && hasUrl) {
    problems.push({ field: "", message: 'has both "command" and "url"; a server is one or the other' });
  }
  if (!hasCommand && !hasUrl) {
    problems.push({ field: "", message: 'needs "command" (a local server) or "url" (a remote one)' });
  }
  const transport = transportProblem(entry.type, hasCommand);
  if (transport) problems.push(transport);
  // With both or neither, which fields belong is unknowable: the problem above is the one to fix first.
  if (hasCommand === hasUrl) return { problems };
  problems.push(...unsupportedFields(entry, hasCommand));
  if ("disabled" in entry && typeof entry.disabled !== "boolean") {
    problems.push({ field: "disabled", message: "must be true or false" });
  }
  problems.push(...interpolations(entry, hasCommand));

  const own = hasCommand ? stdioFields : httpFields;
  const { disabled } = entry;
  // Unsupported fields are named above; the schema sees only what a server may carry.
  const fields = Object.fromEntries(
    Object.entries(entry).filter(([field]) => own.has(field) || field === "enabled"),
  );
  const candidate = disabled === true ? { ...fields, enabled: false } : fields;
  const parsed = hasCommand ? McpStdioServer.safeParse(candidate) : McpHttpServer.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ field: issue.path.map(String).join("."), message: issue.message });
    }
  }
  return problems.length > 0 || !parsed.success ? { problems } : { server: parsed.data };
}

/**
 * Every entry of an `mcpServers` object, each taken or refused on its own (a name must be a valid tool prefix).
 *
 * @example importMcpServerMap({ git: { command: "uvx", args: ["mcp-server-git"] }, "my server": { command: "x" } })
 * // { servers: { git: {…} }, refused: [{ name: "my server", problems: [{ field: "", message: "the name becomes…" }] }] }
 */
export function importMcpServerMap(map: Record<string, unknown>): McpServersImport {
  const servers: McpServers = {};
  const refused: RefusedMcpServer[] = [];
  for (const [name, entry] of Object.entries(map)) {
    if (!McpServerName.safeParse(name).success) {
      refused.push({ name, problems: [{ field: "", message: invalidName }] });
      continue;
    }
    const imported = importMcpServerEntry(entry);
    if ("server" in imported) servers[name] = imported.server;
    else refused.push({ name, problems: imported.problems });
  }
  return { servers, refused };
}

/**
 * A problem as one line: `env.TOKEN: … is not expanded…`, or with `where` in front, `mcpServers.github.env.TOKEN: …`.
 *
 * @example describeMcpProblem({ field: "type", message: "…" }, "mcpServers.docs") // "mcpServers.docs.type: …"
 */
export function describeMcpProblem(problem: McpEntryProblem, where = ""): string {
  const path = [where, problem.field].filter((part) => part !== "").join(".");
  return path ? `${path}: ${problem.message}` : problem.message;
}

/** Names whose values look like credentials: stored in the Cloud as written, readable by every member. */
const secretLooking = /key|token|secret|password|passwd|credential|auth|cookie|session|pat$/i;

/**
 * `<server>.env.<NAME>` and `<server>.headers.<Name>` for every value that looks like a credential, so the person
 * can be told, before they are stored, that members of the workspace will be able to read them.
 */
export function secretLookingValues(servers: McpServers): string[] {
  return Object.entries(servers).flatMap(([name, server]) => {
    const [field, values] = "command" in server ? ["env", server.env] : ["headers", server.headers];
    return Object.entries(values)
      .filter(([key, value]) => secretLooking.test(key) && value !== "")
      .map(([key]) => `${name}.${field}.${key}`);
  });
}
