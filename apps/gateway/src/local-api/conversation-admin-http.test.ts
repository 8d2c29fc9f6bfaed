import { createGatewayClient, type GatewayClient, isGatewayApiError } from "@multiclaw/gateway-client";
import type { Conversation, Message, Run } from "@multiclaw/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayStore, openGatewayStore } from "../store/gateway-store.ts";
import { makeTempStoreLocation } from "../store/testing/temp-directory.ts";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { createFakeGateway, newId } from "./test-local-api-deps.ts";

/*
 * Search, rename and delete through the typed client, the real server and the real SQLite store: what the App
 * and the CLI get, from the route table's schemas down to the full-text index.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  api: TestLocalApi;
  store: GatewayStore;
  client: GatewayClient;
}

async function started(): Promise<Started> {
  const location = await makeTempStoreLocation();
  cleanups.push(() => location.remove());
  const store = openGatewayStore({ path: location.path });
  cleanups.push(() => store.close());
  const fake = createFakeGateway();
  fake.deps = { ...fake.deps, store: store.runs };
  const api = await startTestLocalApi({ fake });
  cleanups.push(() => api.close());
  const client = createGatewayClient({
    baseUrl: api.running.url,
    token: api.token,
    fetch: (u, i) => fetch(u, i),
  });
  return { api, store, client };
}

const agentId = newId("agt");
let clock = 0;
const tick = () => new Date(Date.UTC(2026, 11, 1, 10, 0, clock++)).toISOString();

async function seedConversation(
  store: GatewayStore,
  title: string,
  texts: string[],
  runState: Run["state"] = "completed",
) {
  const at = tick();
  const conversation: Conversation = { id: newId("conv"), agentId, title, createdAt: at, updatedAt: at };
  const run: Run = {
    id: newId("run"),
    conversationId: conversation.id,
    agentId,
    mode: "chat",
    taskId: null,
    parentRunId: null,
    state: runState,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    error: null,
    createdAt: at,
    updatedAt: at,
  };
  await store.runs.createConversation(conversation);
  await store.runs.createRun(run);
  const messages: Message[] = [];
  for (const text of texts) {
    const message: Message = {
      id: newId("msg"),
      conversationId: conversation.id,
      runId: run.id,
      role: "user",
      parts: [{ type: "text", text }],
      createdAt: tick(),
    };
    await store.runs.appendMessage(message);
    messages.push(message);
  }
  return { conversation, run, messages };
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isGatewayApiError(error)) throw new Error(`expected a GatewayApiError, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message };
}

describe("GET /v1/conversations/search", () => {
  it("answers one result per conversation with its best message and the match as ranges", async () => {
    const { store, client } = await started();
    const trip = await seedConversation(store, "Trip", [
      "Book the ferry to Skye",
      "Ferry tickets are sold out",
    ]);
    await seedConversation(store, "Groceries", ["milk and eggs"]);
    const { results } = await client.searchConversations({ q: "ferry tick" });
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result?.conversation).toEqual(trip.conversation);
    expect(result?.messageId).toBe(trip.messages[1]?.id);
    const snippet = result?.snippet ?? { text: "", highlights: [] };
    expect(snippet.text).toBe("Ferry tickets are sold out");
    expect(snippet.highlights.map((range) => snippet.text.slice(range.start, range.end))).toEqual([
      "Ferry",
      "tickets",
    ]);
  });

  it("limits the results and refuses an empty query or a limit out of range with VALIDATION_FAILED", async () => {
    const { store, client, api } = await started();
    for (const title of ["alpha one", "alpha two", "alpha three"]) await seedConversation(store, title, []);
    expect((await client.searchConversations({ q: "alpha", limit: 2 })).results).toHaveLength(2);
    for (const query of ["q=%20%20", "q=x&limit=0", "q=x&limit=51", "limit=5", "q=x&mode=regex"]) {
      const response = await fetch(`${api.running.url}/v1/conversations/search?${query}`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { code: string }).code, query).toBe("VALIDATION_FAILED");
    }
  });
});

describe("PATCH /v1/conversations/:conversationId", () => {
  it("renames, trimming the title, and search finds it by the new one", async () => {
    const { store, client } = await started();
    const { conversation } = await seedConversation(store, "Untitled", []);
    const renamed = await client.renameConversation(conversation.id, { title: "  Budget 2027  " });
    expect(renamed).toEqual({ ...conversation, title: "Budget 2027" });
    expect((await client.getConversation(conversation.id)).conversation.title).toBe("Budget 2027");
    expect((await client.searchConversations({ q: "budget" })).results.map((r) => r.messageId)).toEqual([
      null,
    ]);
  });

  it("refuses an empty or over-long title with VALIDATION_FAILED and an unknown conversation with NOT_FOUND", async () => {
    const { store, client } = await started();
    const { conversation } = await seedConversation(store, "Keep me", []);
    expect((await codeOf(client.renameConversation(conversation.id, { title: "   " }))).code).toBe(
      "VALIDATION_FAILED",
    );
    expect((await codeOf(client.renameConversation(conversation.id, { title: "x".repeat(201) }))).code).toBe(
      "VALIDATION_FAILED",
    );
    expect((await codeOf(client.renameConversation(newId("conv"), { title: "x" }))).status).toBe(404);
    expect((await client.getConversation(conversation.id)).conversation.title).toBe("Keep me");
  });
});

describe("DELETE /v1/conversations/:conversationId", () => {
  it("answers 204 and the conversation, its messages and runs are gone from every read", async () => {
    const { store, client } = await started();
    const doomed = await seedConversation(store, "Doomed", ["needle in here"]);
    const kept = await seedConversation(store, "Kept", ["needle too"]);
    await client.deleteConversation(doomed.conversation.id);
    expect((await codeOf(client.getConversation(doomed.conversation.id))).code).toBe("NOT_FOUND");
    expect((await codeOf(client.getRun(doomed.run.id))).code).toBe("NOT_FOUND");
    expect((await client.listConversations()).conversations.map((c) => c.id)).toEqual([kept.conversation.id]);
    expect((await client.searchConversations({ q: "needle" })).results.map((r) => r.conversation.id)).toEqual(
      [kept.conversation.id],
    );
    expect((await codeOf(client.deleteConversation(doomed.conversation.id))).code).toBe("NOT_FOUND");
  });

  it("refuses with CONFLICT, saying why, while a run of it is active, and deletes nothing", async () => {
    const { store, client } = await started();
    const busy = await seedConversation(store, "Busy", ["still working"], "awaiting-tool-approval");
    const refused = await codeOf(client.deleteConversation(busy.conversation.id));
    expect(refused).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(refused.message).toMatch(/still awaiting-tool-approval: stop it/);
    expect((await client.getConversation(busy.conversation.id)).messages).toHaveLength(1);
  });
});
