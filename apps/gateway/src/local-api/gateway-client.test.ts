import { join } from "node:path";
import {
  createGatewayClient,
  type GatewayClient,
  isGatewayApiError,
  type RunEventStreamStatus,
} from "@multiclaw/gateway-client";
import { APP_SESSION_COOKIE, gatewayRoutes, type RunEvent } from "@multiclaw/protocol";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startLocalApi } from "./start-local-api.ts";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { newId } from "./test-local-api-deps.ts";
import { eventually } from "./test-stream-client.ts";

/* The typed client against the real server: a round trip for each route, and the reconnecting stream. */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(): Promise<TestLocalApi> {
  const api = await startTestLocalApi();
  cleanups.push(() => api.close());
  return api;
}

/** `null`: a client without the token. */
function clientOf(api: TestLocalApi, token: string | null = api.token): GatewayClient {
  return createGatewayClient({
    baseUrl: api.running.url,
    ...(token === null ? {} : { token }),
    fetch: (url, init) => fetch(url, init),
    openWebSocket: (url) => new WebSocket(url),
  });
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isGatewayApiError(error)) throw new Error(`expected a GatewayApiError, got ${String(error)}`);
  return error;
}

describe("the gateway client, route by route", () => {
  it("has a method for every route of the table", async () => {
    const api = await started();
    const client = clientOf(api) as unknown as Record<string, unknown>;
    for (const name of Object.keys(gatewayRoutes)) expect(typeof client[name], name).toBe("function");
  });

  it("opens the App: a code with the token, exchanged by the page for the cookie its calls then carry", async () => {
    const api = await started();
    const appCode = await clientOf(api).createAppCode();
    expect(appCode.url).toBe(`${api.running.url}/#code=${appCode.code}`);

    // The page's browser: its own Origin on every call, and the cookie jar of its origin.
    let cookie: string | null = null;
    const page = createGatewayClient({
      baseUrl: api.running.url,
      fetch: async (url, init) => {
        const headers = new Headers(init.headers);
        headers.set("origin", api.running.url);
        if (cookie) headers.set("cookie", cookie);
        const response = await fetch(url, { ...init, headers });
        const setCookie = response.headers.get("set-cookie");
        if (setCookie) cookie = setCookie.split(";")[0] ?? null;
        return response;
      },
    });
    expect(await failure(page.status())).toMatchObject({ code: "AUTH_REQUIRED" });
    await page.openAppSession({ code: appCode.code });
    expect((await page.status()).version).toBe("0.1.0-test");
    expect(await failure(page.openAppSession({ code: appCode.code }))).toMatchObject({
      code: "AUTH_INVALID",
    });
    await page.closeAppSession();
    expect(cookie).toBe(`${APP_SESSION_COOKIE}=`);
    expect(await failure(page.status())).toMatchObject({ code: "AUTH_REQUIRED" });
  });

  it("reads the gateway's health, status and agents", async () => {
    const api = await started();
    expect(await clientOf(api, null).health()).toEqual({ ok: true });
    const client = clientOf(api);
    const status = await client.status();
    expect(status).toMatchObject({ version: "0.1.0-test", pid: process.pid, signedIn: null });
    expect(status.cloudLink).toEqual({ state: "offline", reason: "not signed in", lastSyncAt: null });
    expect(status.agents.map((agent) => agent.name)).toEqual(["Researcher", "Coder"]);
    const { agents } = await client.listAgents();
    expect(agents[0]?.mcpServers[0]).toMatchObject({ name: "files", state: "running", toolCount: 3 });
  });

  it("starts conversations, sends messages and reads them back", async () => {
    const api = await started();
    const client = clientOf(api);
    const agentId = api.fake.agents[0]?.id ?? "";
    const first = await client.createConversation({ agentId, text: "Summarise the README" });
    expect(first).toMatchObject({ agentId, mode: "chat", state: "running" });
    const second = await client.sendMessage(first.conversationId, { text: "And the docs", mode: "task" });
    expect(second).toMatchObject({ conversationId: first.conversationId, mode: "task", state: "planning" });

    const { conversations } = await client.listConversations({ agentId });
    expect(conversations.map((conversation) => conversation.id)).toEqual([first.conversationId]);
    expect((await client.listConversations({ agentId: api.fake.agents[1]?.id })).conversations).toEqual([]);
    const detail = await client.getConversation(first.conversationId);
    expect(detail.messages.map((message) => message.parts)).toEqual([
      [{ type: "text", text: "Summarise the README" }],
      [{ type: "text", text: "And the docs" }],
    ]);
    expect(detail.runs.map((run) => run.id)).toEqual([second.id, first.id]);

    const missing = await failure(client.sendMessage(newId("conv"), { text: "hi" }));
    expect([missing.code, missing.status]).toEqual(["NOT_FOUND", 404]);
    const unknownAgent = await failure(client.createConversation({ agentId: newId("agt"), text: "hi" }));
    expect(unknownAgent.code).toBe("NOT_FOUND");
  });

  it("lists runs and their events, and cancels a run", async () => {
    const api = await started();
    const client = clientOf(api);
    const agentId = api.fake.agents[0]?.id ?? "";
    const run = await client.createConversation({ agentId, text: "one" });
    await api.fake.append(run.id);
    await api.fake.append(run.id);
    const other = await client.sendMessage(run.conversationId, { text: "two" });

    expect((await client.listRuns({ conversationId: run.conversationId })).runs).toHaveLength(2);
    const page = await client.listRunEvents(run.id, { after: 1, limit: 1 });
    expect(page.events.map((event) => event.seq)).toEqual([2]);
    expect(page.hasMore).toBe(true);
    const rest = await client.listRunEvents(run.id, { after: 2 });
    expect([rest.events.map((event) => event.seq), rest.hasMore]).toEqual([[3], false]);

    const cancelled = await client.cancelRun(other.id);
    expect(cancelled.state).toBe("cancelled");
    const active = await client.listRuns({ active: true });
    expect(active.runs.map((candidate) => candidate.id)).toEqual([run.id]);
    expect((await client.listRuns({ active: false, limit: 1 })).runs).toHaveLength(1);
  });

  it("decides plans and approvals, and revokes grants", async () => {
    const api = await started();
    const client = clientOf(api);
    const agentId = api.fake.agents[0]?.id ?? "";
    const run = await client.createConversation({ agentId, text: "do it", mode: "task" });
    await api.fake.proposePlan(run.id);
    expect((await client.getRun(run.id)).plan?.status).toBe("proposed");
    const plan = await client.decidePlan(run.id, {
      decision: "edit",
      steps: [{ number: 1, title: "Only read, do not write" }],
    });
    expect(plan).toMatchObject({
      status: "approved",
      edited: true,
      steps: [{ title: "Only read, do not write" }],
    });
    const again = await failure(client.decidePlan(run.id, { decision: "approve" }));
    expect([again.code, again.status]).toEqual(["CONFLICT", 409]);

    const approval = await api.fake.requestApproval(run.id);
    const detail = await client.getRun(run.id);
    expect(detail.run.state).toBe("awaiting-tool-approval");
    expect(detail.pendingApprovals.map((pending) => pending.id)).toEqual([approval.id]);
    await expect(
      client.decideApproval(approval.id, { decision: "approve", scope: "tool-for-run" }),
    ).resolves.toBeUndefined();
    expect((await client.getRun(run.id)).pendingApprovals).toEqual([]);
    expect((await failure(client.decideApproval(approval.id, { decision: "deny" }))).code).toBe("CONFLICT");

    // An approval left open by a run that then ended is no longer pending.
    await api.fake.requestApproval(run.id);
    expect((await client.getRun(run.id)).pendingApprovals).toHaveLength(1);
    await client.cancelRun(run.id);
    expect((await client.getRun(run.id)).pendingApprovals).toEqual([]);

    const grant = {
      tool: "shell.run",
      scope: "tool-for-agent" as const,
      agentId,
      runId: null,
      expiresAt: null,
      createdAt: new Date().toISOString(),
    };
    api.fake.addGrant(grant);
    const runGrant = { ...grant, tool: "files.write", scope: "tool-for-run" as const, runId: run.id };
    api.fake.addGrant(runGrant);
    expect((await client.listGrants({ agentId })).grants).toEqual([grant]);
    expect((await client.listGrants()).grants).toEqual([grant]);
    expect((await client.listGrants({ runId: run.id })).grants).toEqual([grant, runGrant]);
    await client.revokeGrant({ agentId, tool: "files.write", scope: "tool-for-run", runId: run.id });
    expect((await client.listGrants({ runId: run.id })).grants).toEqual([grant]);
    await client.revokeGrant({ agentId, tool: "shell.run", scope: "tool-for-agent" });
    expect((await client.listGrants()).grants).toEqual([]);
    expect(
      (await failure(client.revokeGrant({ agentId, tool: "shell.run", scope: "tool-for-agent" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("shows the connection inventory and ledger, and blocks and unblocks a row", async () => {
    const api = await started();
    const client = clientOf(api);
    const { rows } = await client.listConnections();
    const cloud = rows.find((row) => row.id === "cloud-api");
    expect(cloud).toMatchObject({ state: "idle", hosts: ["127.0.0.1:4800"], bytesIn: 1200, bytesOut: 300 });
    expect(cloud?.lastUsedAt).toEqual(expect.any(String));
    expect(rows.find((row) => row.id === "llm-openai")).toMatchObject({
      state: "blocked",
      blockedByUser: false,
      blockReason: "no key configured for openai",
    });
    expect(rows.find((row) => row.id === "mcp:files")).toMatchObject({ state: "not-configured", hosts: [] });

    const { entries } = await client.connectionLog({ limit: 10 });
    expect(entries.map((entry) => [entry.rowId, entry.blockedReason])).toEqual([
      ["cloud-api", null],
      ["llm-openai", "no key configured for openai"],
    ]);
    expect((await client.connectionLog({ limit: 1 })).entries).toHaveLength(1);

    const blocked = await client.blockConnection("mcp:files");
    expect(blocked).toMatchObject({ id: "mcp:files", state: "blocked", blockedByUser: true });
    const unblocked = await client.unblockConnection("mcp:files");
    expect(unblocked).toMatchObject({ blockedByUser: false, state: "not-configured" });
    expect((await failure(client.blockConnection("mcp:nope"))).code).toBe("NOT_FOUND");
    const invalid = await failure(client.blockConnection("Not A Row"));
    expect([invalid.code, invalid.status]).toEqual(["VALIDATION_FAILED", null]);
  });

  it("throws the stable code of a refusal, and UNAVAILABLE when no gateway answers", async () => {
    const api = await started();
    const wrong = await failure(clientOf(api, "w".repeat(43)).status());
    expect([wrong.code, wrong.status, wrong.retryable]).toEqual(["AUTH_INVALID", 401, false]);
    expect((await failure(clientOf(api, null).status())).code).toBe("AUTH_REQUIRED");
    const { port } = api.running;
    await api.running.close();
    const gone = createGatewayClient({
      baseUrl: `http://127.0.0.1:${port}`,
      fetch: (url, init) => fetch(url, init),
    });
    const unavailable = await failure(gone.health());
    expect([unavailable.code, unavailable.retryable]).toEqual(["UNAVAILABLE", true]);
  });
});

describe("the run-event subscription", () => {
  it("resumes after a gateway restart from the last seq, each event once and in order", async () => {
    const api = await started();
    const { fake } = api;
    const agentId = fake.agents[0]?.id ?? "";
    const run = await fake.deps.engine.startRun({ agentId, mode: "chat", text: "go" });
    const received: RunEvent[] = [];
    const statuses: RunEventStreamStatus[] = [];
    const subscription = clientOf(api).subscribeRunEvents({
      subscribe: [run.id],
      onEvent: (event) => received.push(event),
      onStatus: (status) => statuses.push(status),
      backoff: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    cleanups.push(() => subscription.close());
    for (let index = 0; index < 20; index += 1) await fake.append(run.id);
    await eventually("21 events", () => received.length === 21);

    // The gateway stops; the run goes on being written; a new gateway comes up on the same port.
    const { port, tokenFile } = api.running;
    await api.running.close();
    for (let index = 0; index < 30; index += 1) fake.store(run.id);
    const restarted = await startLocalApi({
      deps: fake.deps,
      tokenFile,
      appSessionsFile: join(api.directory, "gateway", "app-sessions.json"),
      logger: pino({ level: "silent" }),
      port,
    });
    cleanups.push(() => restarted.close());
    await eventually("51 events", () => received.length >= 51);
    for (let index = 0; index < 10; index += 1) await fake.append(run.id);
    await eventually("61 events", () => received.length >= 61);

    expect(received.map((event) => event.seq)).toEqual(Array.from({ length: 61 }, (_, index) => index + 1));
    expect(received[0]).toMatchObject({ runId: run.id, event: { type: "run-state", state: "running" } });
    expect(received[0]).not.toHaveProperty("type");
    expect(statuses).toEqual(expect.arrayContaining(["connecting", "open", "reconnecting"]));
    expect(subscription.cursors()).toEqual({ [run.id]: 61 });
  });

  it("follows every run with `all`, adds runs, and reports an unknown one", async () => {
    const api = await started();
    const { fake } = api;
    const agentId = fake.agents[0]?.id ?? "";
    const earlier = await fake.deps.engine.startRun({ agentId, mode: "chat", text: "before" });
    const received: RunEvent[] = [];
    const errors: unknown[] = [];
    let open = false;
    const subscription = clientOf(api).subscribeRunEvents({
      subscribe: "all",
      onEvent: (event) => received.push(event),
      onError: (error) => errors.push(error),
      onStatus: (status) => {
        open = status === "open";
      },
    });
    cleanups.push(() => subscription.close());
    await eventually("the welcome", () => open);
    const later = await fake.deps.engine.startRun({ agentId, mode: "chat", text: "after" });
    await eventually("the later run's event", () => received.some((event) => event.runId === later.id));
    const unknown = newId("run");
    subscription.add([earlier.id, unknown]);
    await eventually(
      "the earlier run's replay and the error",
      () => received.some((event) => event.runId === earlier.id) && errors.length === 1,
    );
    expect(errors[0]).toMatchObject({ code: "NOT_FOUND", runId: unknown });
    expect(subscription.cursors()).toEqual({ [later.id]: 1, [earlier.id]: 1 });
  });

  it("stops for good when the token is refused", async () => {
    const api = await started();
    const run = await api.fake.deps.engine.startRun({
      agentId: api.fake.agents[0]?.id ?? "",
      mode: "chat",
      text: "go",
    });
    const errors: unknown[] = [];
    const subscription = clientOf(api, "w".repeat(43)).subscribeRunEvents({
      subscribe: [run.id],
      onEvent: () => {},
      onError: (error) => errors.push(error),
    });
    const stopped = await subscription.stopped;
    expect(stopped).toMatchObject({ code: "AUTH_INVALID" });
    expect(errors).toEqual([stopped]);
  });
});
