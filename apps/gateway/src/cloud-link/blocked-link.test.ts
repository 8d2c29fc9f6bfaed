import { createServer } from "node:net";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import type { FetchFunction } from "@multiclaw/cloud-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBlockedRows } from "../egress/blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "../egress/gateway-egress.ts";
import type { TaskFeedEvent } from "./cloud-link.ts";
import { agentWebSocket, dispatcherFetch } from "./node-transport.ts";
import {
  type Account,
  fastLinkSettings,
  linkFor,
  plainWebSocket,
  recordingLogger,
  type SignedInDevice,
  signInDevice,
  signUpPerson,
} from "./test-link-kit.ts";

/*
 * Statement 5 of the network contract, at the link: with cloud-events blocked (or its host unreachable) the
 * link says "live updates unavailable" and polls — configuration and assignments still arrive — and with
 * cloud-api blocked it is offline and says why; neither hammers the guard or the log, and unblocking recovers
 * without a restart. The gateway's own egress (its rows, its block list, its guard) carries every connection.
 */

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fetch that counts the heartbeats it carried (answered or refused). */
function countingHeartbeats(fetch: FetchFunction) {
  const counts = { sent: 0, answered: 0 };
  const counted: FetchFunction = async (url, init) => {
    const beat = new URL(url).pathname.endsWith("/heartbeat");
    if (beat) counts.sent += 1;
    const response = await fetch(url, init);
    if (beat) counts.answered += 1;
    return response;
  };
  return { fetch: counted, counts };
}

describe("the Cloud link with a Cloud row blocked or unreachable (network contract, statement 5)", () => {
  let test: TestCloud;
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    test = await startTestCloud({ heartbeatIntervalMs: 200, eventPingIntervalMs: 200 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => test.close());

  let tasks = 0;
  async function setUp() {
    const owner: Account = await signUpPerson(test.cloud.url, "Maya");
    const agent = await owner.cloud.call("createAgent", {
      params: { workspaceId: owner.workspaceId },
      body: { name: "Poller", provider: "anthropic", model: "claude-test" },
    });
    const device: SignedInDevice = await signInDevice(test.cloud.url, owner);
    cleanups.push(device.cleanup);
    const values = new Map<string, unknown>();
    const egress: GatewayEgress = createGatewayEgress({
      state: { cloudUrl: () => test.cloud.url, configuredProviders: () => new Map(), mcpServers: () => [] },
      blocked: createBlockedRows({
        get: (key) => values.get(key),
        set: (key, value) => values.set(key, value),
      }),
    });
    cleanups.push(() => egress.guard.close());
    const heartbeats = countingHeartbeats(dispatcherFetch(egress.guard.dispatcher));
    const logger = recordingLogger();
    const link = linkFor(device, {
      fetch: heartbeats.fetch,
      openSocket: agentWebSocket(egress.guard.agentsFor("cloud-events")),
      logger,
    });
    cleanups.push(() => link.stop());
    const events: TaskFeedEvent[] = [];
    link.onTaskEvent((event) => events.push(event));
    const assign = (title: string) => {
      tasks += 1;
      return owner.cloud.call("createTask", {
        params: { workspaceId: owner.workspaceId },
        body: { title, assigneeAgentId: agent.id },
        idempotencyKey: `blocked-link-task-${tasks}`,
      });
    };
    const rename = (name: string) =>
      owner.cloud.call("updateAgent", {
        params: { workspaceId: owner.workspaceId, agentId: agent.id },
        body: { name },
      });
    const row = (rowId: string) => egress.summary().find((summary) => summary.rowId === rowId);
    const logLines = (text: string) => logger.lines.filter((line) => line.includes(text));
    return {
      owner,
      link,
      egress,
      events,
      assign,
      rename,
      row,
      logLines,
      heartbeats,
      agentName: () => link.config.current()?.agents[0]?.name,
    };
  }

  it("with cloud-events blocked: says live updates are unavailable and still gets configuration and assignments", async () => {
    const { link, egress, events, assign, rename, row, logLines, agentName } = await setUp();
    egress.blocked.block("cloud-events");
    link.start();
    // The first sync comes through a heartbeat: the API is allowed.
    await link.ready();
    await expect
      .poll(() => link.state())
      .toMatchObject({
        status: "offline",
        reason: "live-updates-unavailable",
        lastError: { code: "EGRESS_BLOCKED" },
        nextRetryAt: expect.any(String),
      });
    const state = link.state();
    const detail = state.status === "offline" ? state.detail : "";
    expect(detail).toContain("cloud-events is blocked");
    expect(detail).toContain("multiclaw connections unblock cloud-events");

    // Configuration changes arrive at the next sync.
    await rename("Poller renamed while blocked");
    await expect.poll(() => agentName()).toBe("Poller renamed while blocked");
    // Assignments: the link asks the gateway to list waiting tasks at each poll (the stream pushes nothing).
    const polledBefore = events.filter((event) => event.name === "tasks-resync").length;
    const task = await assign("Assigned while live updates are unavailable");
    await expect
      .poll(() => events.filter((event) => event.name === "tasks-resync").length)
      .toBeGreaterThan(polledBefore);
    expect(events.some((event) => event.name === "task-assigned")).toBe(false);

    // Refused at once each time, never connected, logged once; no backoff of reconnection attempts.
    expect(row("cloud-events")).toMatchObject({ state: "blocked", connections: 0 });
    expect(row("cloud-events")?.refusals).toBeGreaterThan(0);
    expect(logLines("live updates unavailable")).toHaveLength(1);
    expect(logLines("cloud event stream reconnecting")).toEqual([]);

    egress.blocked.unblock("cloud-events");
    await expect.poll(() => link.state().status).toBe("connected");
    const next = await assign("Assigned once live updates are back");
    await expect
      .poll(() => events.flatMap((event) => (event.name === "task-assigned" ? [event.task.id] : [])))
      .toContain(next.id);
    expect(task.id).not.toBe(next.id);
  });

  it("with cloud-api blocked: goes offline naming the block, without a storm, and recovers when unblocked", async () => {
    const { link, egress, rename, row, logLines, heartbeats, agentName } = await setUp();
    link.start();
    await link.ready();
    await expect.poll(() => link.state().status).toBe("connected");
    expect(row("cloud-events")?.openConnections).toBe(1);

    egress.blocked.block("cloud-api");
    await expect
      .poll(() => link.state())
      .toMatchObject({
        status: "offline",
        reason: "cloud-api-blocked",
        lastError: { code: "EGRESS_BLOCKED" },
        nextRetryAt: null,
      });
    const state = link.state();
    expect(state.status === "offline" && state.detail).toContain("multiclaw connections unblock cloud-api");
    // The event stream is closed too: it would deliver work this gateway cannot report on.
    await expect.poll(() => row("cloud-events")?.openConnections).toBe(0);

    // No sync while blocked: a change made now is not applied, however many beats go by (each refused).
    await rename("Renamed while the API is blocked");
    const refusedBefore = row("cloud-api")?.refusals ?? 0;
    await expect.poll(() => row("cloud-api")?.refusals).toBeGreaterThanOrEqual(refusedBefore + 3);
    expect(agentName()).toBe("Poller");
    // Each beat is one refusal, at the heartbeat pace: no retries in between, and the log says it once.
    expect(heartbeats.counts.sent - heartbeats.counts.answered).toBeGreaterThanOrEqual(3);
    expect(logLines("refuses the Cloud API")).toHaveLength(1);
    expect(logLines("heartbeat failed")).toEqual([]);
    expect(logLines("cloud event stream reconnecting")).toEqual([]);

    egress.blocked.unblock("cloud-api");
    await expect.poll(() => link.state().status).toBe("connected");
    await expect.poll(() => agentName()).toBe("Renamed while the API is blocked");
    expect(logLines("the Cloud API is allowed again")).toHaveLength(1);
  });

  it("with cloud-api blocked from the start: not ready until it is unblocked, then syncs", async () => {
    const { link, egress, row, agentName } = await setUp();
    egress.blocked.block("cloud-api");
    link.start();
    await expect.poll(() => link.state()).toMatchObject({ status: "offline", reason: "cloud-api-blocked" });
    let ready = false;
    void link.ready().then(() => {
      ready = true;
    });
    await expect.poll(() => row("cloud-api")?.refusals).toBeGreaterThanOrEqual(2);
    expect(ready).toBe(false);
    expect(row("cloud-events")?.connections).toBe(0);

    egress.blocked.unblock("cloud-api");
    await link.ready();
    expect(agentName()).toBe("Poller");
    await expect.poll(() => link.state().status).toBe("connected");
  });

  it("with the event stream's host on a closed port: polls while the API answers, and reconnects later", async () => {
    const owner = await signUpPerson(test.cloud.url, "Lena");
    const agent = await owner.cloud.call("createAgent", {
      params: { workspaceId: owner.workspaceId },
      body: { name: "Closed", provider: "anthropic", model: "claude-test" },
    });
    const device = await signInDevice(test.cloud.url, owner);
    cleanups.push(device.cleanup);
    const unreachable = `ws://127.0.0.1:${await closedPort()}/v1/events`;
    let reachable = false;
    const link = linkFor(device, {
      openSocket: (url) => plainWebSocket(reachable ? url : unreachable),
      settings: { ...fastLinkSettings, unreachableAfterAttempts: 3 },
    });
    cleanups.push(() => link.stop());
    const events: TaskFeedEvent[] = [];
    link.onTaskEvent((event) => events.push(event));
    link.start();
    await link.ready();
    await expect
      .poll(() => link.state())
      .toMatchObject({
        status: "offline",
        reason: "live-updates-unavailable",
        nextRetryAt: expect.any(String),
      });
    const state = link.state();
    expect(state.status === "offline" && state.detail).toContain("the event stream cannot connect");
    await owner.cloud.call("updateAgent", {
      params: { workspaceId: owner.workspaceId, agentId: agent.id },
      body: { name: "Closed, renamed" },
    });
    await expect.poll(() => link.config.current()?.agents[0]?.name).toBe("Closed, renamed");
    await expect
      .poll(() => events.filter((event) => event.name === "tasks-resync").length)
      .toBeGreaterThan(0);

    reachable = true;
    await expect.poll(() => link.state().status, { timeout: 10_000 }).toBe("connected");
  });
});
