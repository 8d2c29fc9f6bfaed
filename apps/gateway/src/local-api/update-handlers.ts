import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/** The update check: the last outcome (`GET /v1/updates`) and a check now (`POST /v1/updates/check`). */
export function bindUpdateHandlers(binder: GatewayRouteBinder, { updates }: LocalApiDeps): void {
  binder.bind("updateStatus", async () => updates.status());
  binder.bind("checkForUpdates", () => updates.check());
}
