/*
 * An MCP server's tool as a MultiClaw Tool: named `<server>__<tool>`, arguments checked against the tool's
 * JSON Schema before the call. The check uses Ajv through the MCP SDK's own validator (the SDK already
 * depends on Ajv and uses it for tool output schemas); a schema Ajv cannot compile is not guessed at — the
 * arguments then only have to be an object and the server validates them itself.
 */
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { Tool, ToolContext, ToolResult } from "../tools/tool.ts";

/** What a server says about one tool (the parts used here of `tools/list`). */
export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export type McpToolCall = (
  toolName: string,
  args: Record<string, unknown>,
  context: ToolContext,
) => Promise<ToolResult>;

const maxDescriptionChars = 4096;

/** `<server>__<tool>`, with characters providers refuse in tool names replaced by `_`. */
export function mcpToolName(server: string, tool: string): string {
  return `${server}__${tool.replace(/[^A-Za-z0-9_.-]/g, "_")}`.slice(0, 128);
}

/** The Tool for one MCP tool; `call` sends it to the server under its own (unprefixed) name. */
export function createMcpTool(
  server: string,
  info: McpToolInfo,
  validator: jsonSchemaValidator,
  call: McpToolCall,
): Tool<Record<string, unknown>> {
  let validate: ((value: unknown) => { valid: boolean; errorMessage?: string }) | null | undefined;
  const compiled = () => {
    if (validate === undefined) {
      try {
        validate = validator.getValidator(info.inputSchema);
      } catch {
        validate = null;
      }
    }
    return validate;
  };
  const description = info.description ?? info.title ?? `Tool ${info.name} of MCP server ${server}`;
  return {
    name: mcpToolName(server, info.name),
    description: description.slice(0, maxDescriptionChars),
    input: {
      jsonSchema: info.inputSchema,
      parse(value) {
        // A tool without parameters is often called with no arguments at all.
        const args = value === undefined || value === null ? {} : value;
        if (typeof args !== "object" || Array.isArray(args)) {
          return { ok: false, message: "the arguments must be a JSON object" };
        }
        const check = compiled()?.(args);
        if (check && !check.valid) {
          const message = (check.errorMessage ?? "invalid arguments").replace(/(^|, )data/g, "$1arguments");
          return { ok: false, message };
        }
        return { ok: true, value: args as Record<string, unknown> };
      },
    },
    // Whatever the tool does, it does through its server: the server's row, with the hosts it is configured for.
    connections: () => [{ rowId: `mcp:${server}`, hosts: [] }],
    execute: (args, context) => call(info.name, args, context),
  };
}
