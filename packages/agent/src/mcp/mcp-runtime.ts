/*
 * The part of the MCP host that needs the MCP SDK (with Ajv, ~0.5 MiB of code). The supervisor imports it
 * when the first server starts, so a gateway whose agents use no MCP server never loads it.
 */
export { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
export { describeCallFailure } from "./mcp-failures.ts";
export { McpStartError, openMcpSession } from "./mcp-session.ts";
