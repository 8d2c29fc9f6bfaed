import type { RouteBinder } from "../http/bind-routes.ts";
import { type ConfigSyncService, snapshotEtag } from "./config-sync.ts";

export function registerConfigSyncRoutes(binder: RouteBinder, sync: ConfigSyncService): void {
  binder.bind("configSnapshot", async ({ principal, params, context }) => {
    // The snapshot holds decrypted keys: never cached by anything between the Cloud and the instance.
    context.header("cache-control", "no-store");
    const ifNoneMatch = context.req.header("if-none-match");
    if (ifNoneMatch) {
      const revision = await sync.revision(principal, params.workspaceId);
      const etag = snapshotEtag(params.workspaceId, revision);
      if (ifNoneMatch.split(",").some((tag) => tag.trim() === etag)) {
        return new Response(null, { status: 304, headers: { etag, "cache-control": "no-store" } });
      }
    }
    const snapshot = await sync.snapshot(principal, params.workspaceId);
    context.header("etag", snapshotEtag(params.workspaceId, snapshot.revision));
    return snapshot;
  });
  binder.bind("configDelta", async ({ principal, params, query, context }) => {
    context.header("cache-control", "no-store");
    return sync.delta(principal, params.workspaceId, query.since);
  });
}
