import type { RouteBinder } from "../http/bind-routes.ts";
import type { ProviderKeyService } from "./provider-keys.ts";

/**
 * The provider-key routes of the Cloud API. None of them returns a key: listings and the answer to a put
 * carry the last four characters only. Keys leave the Cloud through an instance's config sync alone.
 */
export function registerProviderKeyRoutes(binder: RouteBinder, service: ProviderKeyService): void {
  binder.bind("listProviderKeys", async ({ params, principal }) => ({
    keys: await service.list(principal, params.workspaceId),
  }));
  binder.bind("putProviderKey", ({ params, body, principal }) =>
    service.put(principal, params.workspaceId, params.provider, body),
  );
  binder.bind("deleteProviderKey", async ({ params, principal }) => {
    await service.remove(principal, params.workspaceId, params.provider);
    return undefined;
  });
}
