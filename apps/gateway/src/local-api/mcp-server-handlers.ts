import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { notFound } from "./local-api-error.ts";

/** The agents' MCP servers: the restart button of the App's Agents screen. */
export function bindMcpServerHandlers(binder: GatewayRouteBinder, { mcpServers }: LocalApiDeps): void {
  binder.bind("restartMcpServer", async ({ params }) => {
    const status = await mcpServers.restart(params.agentId, params.name);
    if (!status) throw notFound("MCP server");
    return status;
  });
}
