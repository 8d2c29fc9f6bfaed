import { createGatewayClient, type WorkspaceRelayState } from "@multiclaw/gateway-client";
import type { StreamWorkspaceEventFrame, Task } from "@multiclaw/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { eventually, StreamTestClient } from "./test-stream-client.ts";

/*
 * The workspace relay over the real local API and WebSocket, read by the real gateway client: the page asks
 * for the workspace's task events, gets whose they are and whether they flow, then each event the Cloud link
 * hands on, and a resync when events were missed.
 */

const workspaceId = "ws_01jc0000000000000000000000";
const otherWorkspace = "ws_01jc0000000000000000000001";

function task(fields: Partial<Task> = {}): Task {
  return {
    id: "tsk_01jc0000000000000000000000",
    workspaceId,
    title: "Renew the certificate",
    assigneeAgentId: "agt_01jc0000000000000000000000",
    instanceId: null,
    state: "assigned",
    failureCode: null,
    createdBy: "usr_01jc0000000000000000000000",
    assignedBy: "usr_01jc0000000000000000000000",
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    assignedAt: "2030-01-01T00:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    version: 1,
    ...fields,
  };
}

let api: TestLocalApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function clientOf(started: TestLocalApi) {
  return createGatewayClient({
    baseUrl: started.running.url,
    token: started.token,
    fetch: (url, init) => fetch(url, init),
    openWebSocket: (url) => new WebSocket(url),
  });
}

describe("the workspace relay", () => {
  it("tells whose events come, relays each task event as the Cloud sent it, and asks for a resync", async () => {
    api = await startTestLocalApi();
    const feed = api.fake.workspaceFeed;
    feed.setStatus({ workspaceId, live: true });
    const events: Omit<StreamWorkspaceEventFrame, "type">[] = [];
    const states: WorkspaceRelayState[] = [];
    const resyncs: (string | null)[] = [];
    const subscription = clientOf(api).subscribeWorkspaceEvents({
      onEvent: (event) => events.push(event),
      onResync: (id) => resyncs.push(id),
      onRelayState: (state) => states.push(state),
    });
    try {
      await eventually("the relay state", () => states.length === 1);
      expect(states).toEqual([{ workspaceId, live: true }]);
      // The first status is news: what the page fetched before the socket opened may be stale already.
      expect(resyncs).toEqual([workspaceId]);

      const assigned = task();
      const planning = task({ state: "planning", version: 2 });
      feed.emit({
        name: "task-assigned",
        workspaceId,
        task: assigned,
        seq: 7,
        at: "2030-01-01T00:00:01.000Z",
      });
      feed.emit({
        name: "task-updated",
        workspaceId,
        task: planning,
        seq: 8,
        at: "2030-01-01T00:00:02.000Z",
      });
      // A straggler of a link to another workspace is not shown as this one's.
      feed.emit({
        name: "task-updated",
        workspaceId: otherWorkspace,
        task: task({ workspaceId: otherWorkspace }),
        seq: 9,
        at: "2030-01-01T00:00:03.000Z",
      });
      feed.emit({ name: "tasks-resync", workspaceId });
      await eventually("the events and the resync", () => resyncs.length === 2);
      expect(events).toEqual([
        {
          workspaceId,
          seq: 7,
          at: "2030-01-01T00:00:01.000Z",
          event: { name: "task-assigned", task: assigned },
        },
        {
          workspaceId,
          seq: 8,
          at: "2030-01-01T00:00:02.000Z",
          event: { name: "task-updated", task: planning },
        },
      ]);

      // The link drops, then the gateway signs in to another workspace: each is news, repeats are not.
      feed.setStatus({ workspaceId, live: false });
      feed.setStatus({ workspaceId, live: false });
      feed.setStatus({ workspaceId: otherWorkspace, live: true });
      await eventually("the new relay states", () => states.length === 3);
      expect(states.slice(1)).toEqual([
        { workspaceId, live: false },
        { workspaceId: otherWorkspace, live: true },
      ]);
      expect(resyncs).toEqual([workspaceId, workspaceId, otherWorkspace]);
    } finally {
      subscription.close();
    }
  });

  it("sends workspace frames only to connections that asked for them", async () => {
    api = await startTestLocalApi();
    api.fake.workspaceFeed.setStatus({ workspaceId, live: true });
    const runsOnly = await StreamTestClient.open(`${api.running.url.replace("http", "ws")}/v1/stream`);
    const both = await StreamTestClient.open(`${api.running.url.replace("http", "ws")}/v1/stream`);
    try {
      await runsOnly.hello({ token: api.token, subscribe: "all" });
      const welcome = await both.hello({ token: api.token, subscribe: "all", workspace: true });
      expect(welcome.subscribed).toBe("all");
      api.fake.workspaceFeed.emit({
        name: "task-assigned",
        workspaceId,
        task: task(),
        seq: 1,
        at: task().createdAt,
      });
      await eventually("the event on the asking connection", () =>
        both.frames.some((frame) => frame.type === "workspace-event"),
      );
      // A ping answered after the event shows the other connection had its chance to receive it.
      runsOnly.send({ type: "ping", id: 1 });
      await eventually("the pong", () => runsOnly.frames.some((frame) => frame.type === "pong"));
      expect(runsOnly.frames.map((frame) => frame.type)).toEqual(["welcome", "pong"]);
      expect(both.frames.map((frame) => frame.type)).toEqual([
        "welcome",
        "workspace-status",
        "workspace-event",
      ]);
      expect(both.invalidFrames).toEqual([]);
    } finally {
      runsOnly.socket.close();
      both.socket.close();
    }
  });

  it("follows the workspace a page names while a page listens, and stops once the last one leaves", async () => {
    api = await startTestLocalApi();
    api.fake.workspaceFeed.setStatus({ workspaceId, live: true });
    const streamUrl = `${api.running.url.replace("http", "ws")}/v1/stream`;
    const [first, second, own] = await Promise.all([
      StreamTestClient.open(streamUrl),
      StreamTestClient.open(streamUrl),
      StreamTestClient.open(streamUrl),
    ]);
    try {
      await first.hello({ token: api.token, workspace: true, workspaceId: otherWorkspace });
      await second.hello({ token: api.token, workspace: true, workspaceId: otherWorkspace });
      await own.hello({ token: api.token, workspace: true });
      const followed = api.fake.followed.get(otherWorkspace);
      if (!followed) throw new Error("the named workspace is not followed");
      // One feed for both pages.
      expect(api.fake.followed.size).toBe(1);

      followed.setStatus({ workspaceId: otherWorkspace, live: true });
      followed.emit({
        name: "task-assigned",
        workspaceId: otherWorkspace,
        task: task({ workspaceId: otherWorkspace }),
        seq: 3,
        at: task().createdAt,
      });
      for (const client of [first, second]) {
        await eventually("the named workspace's event", () =>
          client.frames.some((frame) => frame.type === "workspace-event"),
        );
        expect(client.frames.filter((frame) => frame.type.startsWith("workspace"))).toMatchObject([
          { type: "workspace-status", workspaceId: otherWorkspace, live: false },
          { type: "workspace-status", workspaceId: otherWorkspace, live: true },
          { type: "workspace-event", workspaceId: otherWorkspace, seq: 3 },
        ]);
      }
      own.send({ type: "ping", id: 1 });
      await eventually("the pong", () => own.frames.some((frame) => frame.type === "pong"));
      expect(own.frames.filter((frame) => frame.type.startsWith("workspace"))).toEqual([
        { type: "workspace-status", workspaceId, live: true },
      ]);

      first.socket.close();
      second.socket.close();
      await eventually("the named workspace no longer followed", () => followed.closed);
    } finally {
      first.socket.close();
      second.socket.close();
      own.socket.close();
    }
  });

  it("relays the workspace the gateway client names, as the App names the one it shows", async () => {
    api = await startTestLocalApi();
    api.fake.workspaceFeed.setStatus({ workspaceId, live: true });
    const states: WorkspaceRelayState[] = [];
    const subscription = clientOf(api).subscribeWorkspaceEvents({
      workspaceId: otherWorkspace,
      onEvent: () => {},
      onResync: () => {},
      onRelayState: (state) => states.push(state),
    });
    try {
      await eventually("the relay state", () => states.length === 1);
      expect(states).toEqual([{ workspaceId: otherWorkspace, live: false }]);
      expect([...api.fake.followed.keys()]).toEqual([otherWorkspace]);
    } finally {
      subscription.close();
    }
  });

  it("reconnects after the gateway restarts and asks for a resync, since the relay does not replay", async () => {
    api = await startTestLocalApi();
    api.fake.workspaceFeed.setStatus({ workspaceId, live: true });
    const port = Number(new URL(api.running.url).port);
    const resyncs: (string | null)[] = [];
    const statuses: string[] = [];
    const subscription = clientOf(api).subscribeWorkspaceEvents({
      onEvent: () => {},
      onResync: (id) => resyncs.push(id),
      onStatus: (status) => statuses.push(status),
      backoff: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    try {
      await eventually("the first resync", () => resyncs.length === 1);
      const directory = api.directory;
      const fake = api.fake;
      await api.stop();
      api = await startTestLocalApi({ directory, fake, port });
      await eventually("the resync after the reconnect", () => resyncs.length === 2, 10_000);
      expect(statuses).toContain("reconnecting");
      expect(statuses.at(-1)).toBe("open");
    } finally {
      subscription.close();
    }
    expect(await subscription.stopped).toBeNull();
  });
});
