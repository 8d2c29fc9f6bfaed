import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/** Health (no token), `multiclaw status`, the agent list, and signing in and out. */
export function bindStatusHandlers(binder: GatewayRouteBinder, deps: LocalApiDeps): void {
  binder.bind("health", async () => ({ ok: true }));

  binder.bind("status", async () => {
    const [cloud, agents] = await Promise.all([deps.cloud(), deps.agents()]);
    return {
      version: deps.gateway.version,
      pid: deps.gateway.pid,
      startedAt: deps.gateway.startedAt,
      signedIn: cloud.signedIn,
      cloudUrl: cloud.cloudUrl,
      cloudLink: cloud.link,
      agents,
    };
  });

  binder.bind("listAgents", async () => ({ agents: await deps.agents() }));

  binder.bind("startLogin", async ({ body }) => deps.session.startLogin(body.cloudUrl));
  binder.bind("loginStatus", async () => deps.session.loginStatus());
  binder.bind("checkLogin", async () => deps.session.checkLogin());
  binder.bind("logout", async () => deps.session.logout());
}
