import { createServer } from "node:net";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { TaskFeedEvent } from "./cloud-link.ts";
import type { CloudLinkState } from "./link-status.ts";
import {
  type Account,
  linkFor,
  memoryKeyValue,
  restartCloud,
  type SignedInDevice,
  signInDevice,
  signUpPerson,
} from "./test-link-kit.ts";

/** A port nothing listens on: where the Cloud's address leads while this machine cannot reach it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("gaps: a Cloud restart and a gateway restart", () => {
  let test: TestCloud;
  let owner: Account;
  let agentId: string;
  beforeAll(async () => {
    test = await startTestCloud({ heartbeatIntervalMs: 200, eventPingIntervalMs: 200 });
    owner = await signUpPerson(test.cloud.url, "Nora");
    const agent = await owner.cloud.call("createAgent", {
      params: { workspaceId: owner.workspaceId },
      body: { name: "Runner", provider: "openai", model: "gpt-5" },
    });
    agentId = agent.id;
  });
  afterAll(() => test.close());

  let taskCount = 0;
  function assignTask(title: string) {
    taskCount += 1;
    return owner.cloud.call("createTask", {
      params: { workspaceId: owner.workspaceId },
      body: { title, assigneeAgentId: agentId },
      idempotencyKey: `restart-test-task-${taskCount}`,
    });
  }

  function assignedIds(events: TaskFeedEvent[]) {
    return events.flatMap((event) => (event.name === "task-assigned" ? [event.task.id] : []));
  }

  it("reconnects with backoff after a Cloud restart and receives the assignment made while it was away", async () => {
    const device: SignedInDevice = await signInDevice(test.cloud.url, owner);
    const state = memoryKeyValue();
    const unreachable = `ws://127.0.0.1:${await closedPort()}/v1/events`;
    let reachable = true;
    const link = linkFor(device, {
      state,
      // While "away", the event socket leads nowhere (HTTP still reaches the Cloud, as through a proxy that
      // drops WebSockets), so the assignment below is certainly made while the link is disconnected.
      openSocket: (url) => new WebSocket(reachable ? url : unreachable),
      settings: {
        backoff: { initialDelayMs: 50, maxDelayMs: 300 },
        unreachableAfterAttempts: 4,
        heartbeatIntervalMs: 200,
        requestTimeoutMs: 5000,
        handshakeTimeoutMs: 5000,
      },
    });
    const states: CloudLinkState[] = [];
    link.onStateChange((next) => states.push(next));
    const events: TaskFeedEvent[] = [];
    link.onTaskEvent((event) => events.push(event));
    try {
      link.start();
      await link.ready();
      await expect.poll(() => link.state().status).toBe("connected");
      const before = await assignTask("Before the restart");
      await expect.poll(() => assignedIds(events)).toEqual([before.id]);
      const savedBefore = Number(
        await state.get(`cloud-link/last-event-seq/${device.credential.instanceId}`),
      );
      expect(savedBefore).toBeGreaterThan(0);

      reachable = false;
      await restartCloud(test, async () => {
        // While the Cloud is down the link keeps trying, further apart each time.
        await expect
          .poll(() => states.filter((item) => item.status === "reconnecting").length, { timeout: 10_000 })
          .toBeGreaterThanOrEqual(2);
      });
      const during = await assignTask("While the gateway was away");
      // The Cloud answers HTTP again but the event socket still leads nowhere: live updates are unavailable
      // (the link polls meanwhile), which is not the Cloud being away.
      await expect
        .poll(() => link.state(), { timeout: 10_000 })
        .toMatchObject({
          status: "offline",
          reason: "live-updates-unavailable",
          nextRetryAt: expect.any(String),
        });
      expect(assignedIds(events)).toEqual([before.id]);

      reachable = true;
      await expect.poll(() => assignedIds(events), { timeout: 10_000 }).toEqual([before.id, during.id]);
      await expect.poll(() => link.state().status).toBe("connected");

      const retries = states.flatMap((item) => (item.status === "reconnecting" ? [item] : []));
      expect(retries.map((item) => item.attempt).slice(0, 3)).toEqual([1, 2, 3]);
      expect(retries[0]).toMatchObject({
        nextRetryAt: expect.any(String),
        lastError: { code: "UNAVAILABLE" },
      });
      const duringEvent = events.find(
        (event) => event.name === "task-assigned" && event.task.id === during.id,
      );
      expect(duringEvent?.seq).toBeGreaterThan(savedBefore);
    } finally {
      await link.stop();
      await device.cleanup();
    }
  });

  it("resyncs when its saved position is unknown to the Cloud (a restored database)", async () => {
    const device = await signInDevice(test.cloud.url, owner);
    const state = memoryKeyValue();
    const key = `cloud-link/last-event-seq/${device.credential.instanceId}`;
    await state.set(key, "1000000");
    const link = linkFor(device, { state });
    const events: TaskFeedEvent[] = [];
    link.onTaskEvent((event) => events.push(event));
    try {
      link.start();
      await link.ready();
      await expect.poll(() => events.map((event) => event.name)).toEqual(["tasks-resync"]);
      const resyncSeq = events[0]?.seq ?? -1;
      expect(resyncSeq).toBeLessThan(1_000_000);
      await expect.poll(() => state.get(key)).toBe(String(resyncSeq));
      expect(link.config.current()?.agents.map((agent) => agent.id)).toEqual([agentId]);
      // From there on events flow as usual.
      const next = await assignTask("After the resync");
      await expect.poll(() => assignedIds(events)).toEqual([next.id]);
    } finally {
      await link.stop();
      await device.cleanup();
    }
  });

  it("resumes after a gateway restart from the event number it saved, without repeating what it handled", async () => {
    const device = await signInDevice(test.cloud.url, owner);
    const state = memoryKeyValue();
    const firstRun = linkFor(device, { state });
    const firstEvents: TaskFeedEvent[] = [];
    firstRun.onTaskEvent((event) => firstEvents.push(event));
    try {
      firstRun.start();
      await firstRun.ready();
      await expect.poll(() => firstRun.state().status).toBe("connected");
      const handled = await assignTask("Handled before the restart");
      await expect.poll(() => assignedIds(firstEvents)).toEqual([handled.id]);
    } finally {
      await firstRun.stop();
    }

    const missed = await assignTask("Assigned while the gateway was stopped");
    // A new process: the credential as saved on disk (its refresh token rotated), the same saved position.
    const saved = await device.store.read();
    if (!saved) throw new Error("the credential file is gone");
    const secondRun = linkFor({ ...device, credential: saved }, { state });
    const secondEvents: TaskFeedEvent[] = [];
    secondRun.onTaskEvent((event) => secondEvents.push(event));
    try {
      secondRun.start();
      await secondRun.ready();
      await expect.poll(() => assignedIds(secondEvents)).toEqual([missed.id]);
    } finally {
      await secondRun.stop();
      await device.cleanup();
    }
  });
});
