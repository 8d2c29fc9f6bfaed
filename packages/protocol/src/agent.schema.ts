import { z } from "zod";
import { AgentId, DisplayName, Provider, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";

/** MCP server names become tool prefixes (`<server>__<tool>`), so they are short identifiers. */
export const McpServerName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, "letters, digits, - and _; at most 64");

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

/** The `mcpServers` entry shape used by Claude Desktop and Cursor, plus an `enabled` flag. */
export const McpStdioServer = z.strictObject({
  command: z.string().min(1).max(1024),
  args: z.array(z.string().max(4096)).max(128).default([]),
  env: z.record(EnvName, z.string().max(8192)).default({}),
  cwd: z.string().max(4096).optional(),
  enabled: z.boolean().default(true),
});
export type McpStdioServer = z.infer<typeof McpStdioServer>;

export const McpHttpServer = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(8192)).default({}),
  enabled: z.boolean().default(true),
});
export type McpHttpServer = z.infer<typeof McpHttpServer>;

export const McpServerConfig = z.union([McpStdioServer, McpHttpServer]);
export type McpServerConfig = z.infer<typeof McpServerConfig>;

export const McpServers = z
  .record(McpServerName, McpServerConfig)
  .refine((servers) => Object.keys(servers).length <= 64, "at most 64 MCP servers");
export type McpServers = z.infer<typeof McpServers>;

/** Tool names: built-ins (`files.read`), or MCP tools (`<server>__<tool>`), or a `*` wildcard suffix. */
export const ToolPattern = z
  .string()
  .regex(/^[a-zA-Z0-9_.-]+(\*)?$|^\*$/, "a tool name, optionally ending in *")
  .max(200);

export const ToolPolicy = z.strictObject({
  /** Tools that pause for the user's approval each time they are called. */
  requireApproval: z.array(ToolPattern).max(256).default([]),
  /** Tools the agent may not call at all. */
  deny: z.array(ToolPattern).max(256).default([]),
});
export type ToolPolicy = z.infer<typeof ToolPolicy>;

export const ModelId = z.string().trim().min(1).max(200);

const agentFields = {
  name: DisplayName,
  instructions: z.string().max(100_000).default(""),
  provider: Provider,
  model: ModelId,
  toolPolicy: ToolPolicy.default({ requireApproval: [], deny: [] }),
  mcpServers: McpServers.default({}),
};

export const CreateAgentRequest = z.strictObject(agentFields);
export type CreateAgentRequest = z.infer<typeof CreateAgentRequest>;

/** A partial update; `expectedRevision` makes it fail with CONFLICT if someone else changed the agent. */
export const UpdateAgentRequest = z
  .strictObject({
    name: agentFields.name.optional(),
    instructions: z.string().max(100_000).optional(),
    provider: Provider.optional(),
    model: ModelId.optional(),
    toolPolicy: ToolPolicy.optional(),
    mcpServers: McpServers.optional(),
    expectedRevision: z.number().int().nonnegative().optional(),
  })
  .refine((update) => Object.keys(update).some((key) => key !== "expectedRevision"), "nothing to update");
export type UpdateAgentRequest = z.infer<typeof UpdateAgentRequest>;

export const Agent = z.object({
  id: AgentId,
  workspaceId: WorkspaceId,
  name: z.string(),
  instructions: z.string(),
  provider: Provider,
  model: z.string(),
  toolPolicy: z.object({ requireApproval: z.array(z.string()), deny: z.array(z.string()) }),
  mcpServers: z.record(z.string(), McpServerConfig),
  /** The workspace config revision at which this agent last changed. */
  revision: z.number().int().nonnegative(),
  createdBy: UserId,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Agent = z.infer<typeof Agent>;

export const AgentList = z.object({ agents: z.array(Agent) });
export type AgentList = z.infer<typeof AgentList>;
