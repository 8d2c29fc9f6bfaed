import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { notFound } from "./local-api-error.ts";

/** Runs shown with a conversation; older ones stay reachable through `GET /v1/runs?conversationId=`. */
const RUNS_PER_CONVERSATION = 200;

/** Conversations and the messages that start runs in them. */
export function bindConversationHandlers(binder: GatewayRouteBinder, { engine, store }: LocalApiDeps): void {
  binder.bind("listConversations", async ({ query }) => ({
    conversations: await store.listConversations({
      limit: query.limit,
      ...(query.agentId ? { agentId: query.agentId } : {}),
    }),
  }));

  binder.bind("createConversation", async ({ body }) =>
    engine.startRun({ agentId: body.agentId, mode: body.mode, text: body.text }),
  );

  binder.bind("getConversation", async ({ params }) => {
    const conversation = await store.getConversation(params.conversationId);
    if (!conversation) throw notFound("conversation");
    const [messages, runs] = await Promise.all([
      store.listMessages(conversation.id),
      store.listRuns({ conversationId: conversation.id, limit: RUNS_PER_CONVERSATION }),
    ]);
    return { conversation, messages, runs };
  });

  binder.bind("sendMessage", async ({ params, body }) => {
    const conversation = await store.getConversation(params.conversationId);
    if (!conversation) throw notFound("conversation");
    return engine.startRun({
      conversationId: conversation.id,
      agentId: conversation.agentId,
      mode: body.mode,
      text: body.text,
    });
  });
}
