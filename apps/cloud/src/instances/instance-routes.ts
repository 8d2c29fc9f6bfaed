import type { RouteBinder } from "../http/bind-routes.ts";
import type { PresenceService } from "./presence-service.ts";

/**
 * Binds listInstances, heartbeat and revokeInstance.
 *
 * @example registerInstanceRoutes(binder, createPresenceService({ db, runChange, clock, heartbeatIntervalMs, logger }));
 */
export function registerInstanceRoutes(binder: RouteBinder, presence: PresenceService): void {
  binder.bind("listInstances", ({ principal, params }) => presence.list(principal, params.workspaceId));
  binder.bind("heartbeat", ({ principal, params, body }) =>
    presence.heartbeat(principal, params.workspaceId, params.instanceId, body),
  );
  binder.bind("revokeInstance", async ({ principal, params }) => {
    await presence.revoke(principal, params.workspaceId, params.instanceId);
    return undefined;
  });
}
