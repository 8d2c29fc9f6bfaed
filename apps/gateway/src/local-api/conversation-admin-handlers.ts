import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/**
 * Keeping conversations in order: full-text search, rename and delete. The store does the checking that must
 * be atomic (a run still active refuses a delete with CONFLICT inside the deleting transaction), so nothing
 * here reads before it writes.
 */
export function bindConversationAdminHandlers(binder: GatewayRouteBinder, { store }: LocalApiDeps): void {
  binder.bind("searchConversations", async ({ query }) => ({
    results: await store.searchConversations(query.q, query.limit),
  }));

  binder.bind("renameConversation", async ({ params, body }) =>
    store.renameConversation(params.conversationId, body.title),
  );

  binder.bind("deleteConversation", async ({ params }) => {
    await store.deleteConversation(params.conversationId);
    return undefined;
  });
}
