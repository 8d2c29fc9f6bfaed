import type { RouteBinder } from "../http/bind-routes.ts";
import type { AgentService } from "./agent-service.ts";

export function registerAgentRoutes(binder: RouteBinder, agents: AgentService): void {
  binder.bind("listAgents", async ({ principal, params }) => ({
    agents: await agents.list(principal, params.workspaceId),
  }));
  binder.bind("createAgent", ({ principal, params, body }) =>
    agents.create(principal, params.workspaceId, body),
  );
  binder.bind("getAgent", ({ principal, params }) =>
    agents.get(principal, params.workspaceId, params.agentId),
  );
  binder.bind("updateAgent", ({ principal, params, body }) =>
    agents.update(principal, params.workspaceId, params.agentId, body),
  );
  binder.bind("deleteAgent", async ({ principal, params }) => {
    await agents.remove(principal, params.workspaceId, params.agentId);
    return undefined;
  });
}
