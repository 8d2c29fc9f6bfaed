import { inspect } from "node:util";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger, createEgressGuard, type EgressGuard } from "@multiclaw/egress/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConfigChange } from "./config-change.ts";
import { agentWebSocket, dispatcherFetch } from "./node-transport.ts";
import {
  type Account,
  fastLinkSettings,
  filesUnder,
  linkFor,
  memoryKeyValue,
  observedFetch,
  recordingLogger,
  type SignedInDevice,
  signInDevice,
  signUpPerson,
} from "./test-link-kit.ts";

const CANARY_KEY = "sk-ant-canary-0123456789abcdef";

describe("the Cloud link against a real Cloud", () => {
  let test: TestCloud;
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    test = await startTestCloud({ heartbeatIntervalMs: 200, eventPingIntervalMs: 200 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => test.close());

  async function linkedGateway(owner?: Account, overrides: Parameters<typeof linkFor>[1] = {}) {
    const person = owner ?? (await signUpPerson(test.cloud.url, "Ada"));
    const device: SignedInDevice = await signInDevice(test.cloud.url, person);
    cleanups.push(device.cleanup);
    const link = linkFor(device, overrides);
    cleanups.push(() => link.stop());
    return { owner: person, device, link };
  }

  async function createAgent(owner: Account, name = "Writer") {
    return owner.cloud.call("createAgent", {
      params: { workspaceId: owner.workspaceId },
      body: { name, provider: "anthropic", model: "claude-sonnet-4-5" },
    });
  }

  it("signs in through the egress guard, syncs the snapshot and holds provider keys as Secrets", async () => {
    const owner = await signUpPerson(test.cloud.url, "Sam");
    const agent = await createAgent(owner);
    await owner.cloud.call("putProviderKey", {
      params: { workspaceId: owner.workspaceId, provider: "anthropic" },
      body: { apiKey: CANARY_KEY },
    });
    const ledger = createConnectionLedger();
    const guard: EgressGuard = createEgressGuard({
      inventory: resolveInventory({ cloudApiUrl: test.cloud.url }),
      conditions: () => ({ active: true }),
      ledger,
    });
    cleanups.push(() => guard.close());
    const logger = recordingLogger();
    const { device, link } = await linkedGateway(owner, {
      fetch: dispatcherFetch(guard.dispatcher),
      openSocket: agentWebSocket(guard),
      logger,
    });
    link.start();
    await link.ready();

    const config = link.config.current();
    expect(config?.agents.map((item) => item.id)).toEqual([agent.id]);
    expect(config?.workspaceId).toBe(owner.workspaceId);
    expect(link.config.providerKey("anthropic")?.apiKey.reveal()).toBe(CANARY_KEY);
    expect(link.config.providerKey("openai")).toBeUndefined();
    await expect.poll(() => link.state().status).toBe("connected");
    expect(link.state()).toMatchObject({ lastSyncAt: expect.any(String), configRevision: config?.revision });

    // The key cannot come out by accident: not serialised, not inspected, not logged.
    expect(JSON.stringify(config)).not.toContain(CANARY_KEY);
    expect(JSON.stringify([...(config?.providerKeys.values() ?? [])])).not.toContain(CANARY_KEY);
    expect(inspect(config, { depth: 12, showHidden: true })).not.toContain(CANARY_KEY);
    expect(inspect(link, { depth: 12 })).not.toContain(CANARY_KEY);
    expect(logger.lines.join("\n")).not.toContain(CANARY_KEY);
    expect(logger.lines.join("\n")).not.toContain(device.credential.refreshToken);
    expect(logger.lines.join("\n")).not.toMatch(/mc[ar]_/);

    // Nothing the gateway wrote holds an access token or the key: only the credential file, with its refresh token.
    const written = await filesUnder(device.home);
    expect(written.map((file) => file.path)).toEqual([device.store.path]);
    for (const file of written) {
      expect(file.text).not.toContain("mca_");
      expect(file.text).not.toContain(CANARY_KEY);
    }

    // Every socket went through the guard and landed in its ledger.
    const rows = new Set(ledger.entries().map((entry) => entry.rowId));
    expect(rows.size).toBeGreaterThan(0);
    expect([...rows].every((row) => row === "cloud-api" || row === "cloud-events")).toBe(true);
  });

  it("applies agent edits, key changes and MCP server changes live, without a restart", async () => {
    const owner = await signUpPerson(test.cloud.url, "Eve");
    const agent = await createAgent(owner);
    const { link } = await linkedGateway(owner);
    const changes: ConfigChange[] = [];
    link.config.onChange((change) => changes.push(change));
    link.start();
    await link.ready();
    const workspaceId = owner.workspaceId;
    const lastChange = () => changes.at(-1);

    await owner.cloud.call("updateAgent", {
      params: { workspaceId, agentId: agent.id },
      body: { instructions: "Write plainly." },
    });
    await expect.poll(() => link.config.current()?.agents[0]?.instructions).toBe("Write plainly.");
    expect(lastChange()).toMatchObject({
      source: "delta",
      agents: { added: [], changed: [agent.id], removed: [] },
      providerKeys: null,
      mcpServers: null,
    });

    await owner.cloud.call("putProviderKey", {
      params: { workspaceId, provider: "openai" },
      body: { apiKey: "sk-openai-live-key-0001" },
    });
    await expect
      .poll(() => link.config.providerKey("openai")?.apiKey.reveal())
      .toBe("sk-openai-live-key-0001");
    expect(lastChange()?.providerKeys).toEqual({ added: ["openai"], changed: [], removed: [] });

    await owner.cloud.call("updateAgent", {
      params: { workspaceId, agentId: agent.id },
      body: { mcpServers: { files: { command: "npx", args: ["server-filesystem"], enabled: false } } },
    });
    await expect
      .poll(() => Object.keys(link.config.current()?.agents[0]?.mcpServers ?? {}))
      .toEqual(["files"]);
    expect(lastChange()?.mcpServers).toEqual({ agentIds: [agent.id] });

    await owner.cloud.call("deleteProviderKey", { params: { workspaceId, provider: "openai" } });
    await expect.poll(() => link.config.providerKey("openai")).toBeUndefined();
    expect(lastChange()?.providerKeys).toEqual({ added: [], changed: [], removed: ["openai"] });

    await owner.cloud.call("deleteAgent", { params: { workspaceId, agentId: agent.id } });
    await expect.poll(() => link.config.current()?.agents.length).toBe(0);
    expect(lastChange()?.agents).toEqual({ added: [], changed: [], removed: [agent.id] });
    expect(lastChange()?.mcpServers).toEqual({ agentIds: [agent.id] });
    expect(link.state()).toMatchObject({
      status: "connected",
      configRevision: link.config.current()?.revision,
    });
  });

  it("heartbeats at the Cloud's pace with the applied config revision", async () => {
    const observed = observedFetch();
    // The gateway's own default is a minute; only the Cloud's 200 ms pace can produce several beats here.
    const { owner, link } = await linkedGateway(undefined, {
      fetch: observed,
      settings: { ...fastLinkSettings, heartbeatIntervalMs: 60_000 },
    });
    link.start();
    await link.ready();
    const synced = observed.exchanges.length;
    const beats = () =>
      observed.exchanges.slice(synced).filter((exchange) => exchange.path.endsWith("/heartbeat"));
    await expect.poll(() => beats().length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    // After the first sync each beat tells the Cloud which revision this gateway runs.
    const revision = link.config.current()?.revision;
    expect(beats().map((beat) => [beat.status, beat.body])).toEqual(
      beats().map(() => [200, { configRevision: revision }]),
    );
    const instances = await owner.cloud.call("listInstances", { params: { workspaceId: owner.workspaceId } });
    expect(instances.instances[0]).toMatchObject({ presence: "connected", lastSeenAt: expect.any(String) });
  });

  it("hands task assignments to subscribers and reports transitions with an Idempotency-Key", async () => {
    const { owner, link } = await linkedGateway();
    const agent = await createAgent(owner, "Doer");
    const events: Array<{ name: string; taskId?: string; state?: string }> = [];
    link.onTaskEvent((event) =>
      events.push(
        event.name === "tasks-resync"
          ? event
          : { name: event.name, taskId: event.task.id, state: event.task.state },
      ),
    );
    link.start();
    await link.ready();
    await expect.poll(() => link.state().status).toBe("connected");

    const task = await owner.cloud.call("createTask", {
      params: { workspaceId: owner.workspaceId },
      body: { title: "Renew the certificate", assigneeAgentId: agent.id },
      idempotencyKey: "create-task-0001",
    });
    await expect
      .poll(() => events)
      .toContainEqual({ name: "task-assigned", taskId: task.id, state: "assigned" });

    const planning = await link.reportTaskState(
      task.id,
      { to: "planning" },
      { idempotencyKey: "report-0001" },
    );
    expect(planning).toMatchObject({ id: task.id, state: "planning" });
    // The same report again (a retry after a lost answer) is answered, not applied twice.
    const repeated = await link.reportTaskState(
      task.id,
      { to: "planning" },
      { idempotencyKey: "report-0001" },
    );
    expect(repeated.version).toBe(planning.version);
    await link.reportTaskState(task.id, { to: "awaiting-approval", expectedVersion: planning.version });
    const seen = await owner.cloud.call("getTask", {
      params: { workspaceId: owner.workspaceId, taskId: task.id },
    });
    expect(seen.state).toBe("awaiting-approval");
    await expect
      .poll(() => events.at(-1))
      .toEqual({ name: "task-updated", taskId: task.id, state: "awaiting-approval" });
    await expect(link.reportTaskState(task.id, { to: "done" })).rejects.toMatchObject({
      code: "INVALID_TRANSITION",
    });
  });

  it("goes offline with the reason when the instance is revoked", async () => {
    const { owner, device, link } = await linkedGateway();
    link.start();
    await link.ready();
    await owner.cloud.call("revokeInstance", {
      params: { workspaceId: owner.workspaceId, instanceId: device.credential.instanceId },
    });
    await expect.poll(() => link.state()).toMatchObject({ status: "offline", reason: "instance-revoked" });
    // It stays offline: no reconnecting against a revoked credential.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(link.state()).toMatchObject({ status: "offline", reason: "instance-revoked", nextRetryAt: null });
  });

  it("goes offline when the account is removed from the workspace", async () => {
    const admin = await signUpPerson(test.cloud.url, "Ines");
    const invitation = await admin.cloud.call("createInvitation", {
      params: { workspaceId: admin.workspaceId },
      body: {},
    });
    const teammate = await signUpPerson(test.cloud.url, "Ben");
    await teammate.cloud.call("acceptInvitation", { body: { token: invitation.token } });
    const device = await signInDevice(test.cloud.url, teammate, admin.workspaceId);
    cleanups.push(device.cleanup);
    const link = linkFor(device);
    cleanups.push(() => link.stop());
    link.start();
    await link.ready();
    await admin.cloud.call("removeMember", {
      params: { workspaceId: admin.workspaceId, userId: teammate.userId },
    });
    await expect.poll(() => link.state()).toMatchObject({ status: "offline", reason: "membership-removed" });
  });

  it("logs out: revokes the instance at the Cloud, then deletes the credential file", async () => {
    const { owner, device, link } = await linkedGateway();
    link.start();
    await link.ready();
    const result = await link.logout();
    expect(result).toEqual({ revokedAtCloud: true, error: null });
    expect(await device.store.read()).toBeNull();
    expect(link.state()).toMatchObject({ status: "offline", reason: "signed-out" });
    const instances = await owner.cloud.call("listInstances", { params: { workspaceId: owner.workspaceId } });
    // Revoked instances leave the workspace's list.
    expect(instances.instances.map((instance) => instance.id)).not.toContain(device.credential.instanceId);
    // What was on disk no longer signs anything in.
    const again = linkFor(device, { state: memoryKeyValue() });
    cleanups.push(() => again.stop());
    again.start();
    await expect(again.ready()).rejects.toMatchObject({ code: "INSTANCE_REVOKED" });
    expect(again.state()).toMatchObject({ status: "offline", reason: "instance-revoked" });
  });
});
