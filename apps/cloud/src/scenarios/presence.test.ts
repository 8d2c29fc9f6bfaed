import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, EventClient, loginInstance, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

const HEARTBEAT_MS = 400;

describe("instance presence, as teammates see it", () => {
  let test: TestCloud;
  beforeAll(async () => {
    test = await startTestCloud({ heartbeatIntervalMs: HEARTBEAT_MS });
  });
  afterAll(() => test.close());

  it("is connected while the event stream is open, then stale, then offline", async () => {
    const url = test.cloud.url;
    const owner = await signUp(url, "Pia");
    const workspaceId = owner.workspaces[0]?.id as string;
    const instance = await loginInstance(url, owner.tokens.accessToken, workspaceId, "pias-desktop");
    const presenceOf = async () => {
      const list = await call<{ instances: Array<{ id: string; presence: string }> }>(
        url,
        "GET",
        `/v1/workspaces/${workspaceId}/instances`,
        { token: owner.tokens.accessToken },
      );
      return list.body.instances.find((item) => item.id === instance.instanceId)?.presence;
    };
    expect(await presenceOf()).toBe("offline");

    const watcher = new EventClient(test.cloud.eventsUrl, { token: owner.tokens.accessToken, workspaceId });
    await watcher.welcomed();
    const stream = new EventClient(test.cloud.eventsUrl, { token: instance.tokens.accessToken, workspaceId });
    await stream.welcomed();
    await expect.poll(presenceOf).toBe("connected");

    // No heartbeats for several intervals: the open stream alone keeps it connected.
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 4));
    expect(await presenceOf()).toBe("connected");

    stream.close();
    await expect.poll(presenceOf, { timeout: HEARTBEAT_MS * 10 }).toBe("stale");
    await expect.poll(presenceOf, { timeout: HEARTBEAT_MS * 10 }).toBe("offline");

    // A heartbeat brings it back, and answers with the server's pace.
    const beat = await call<{ presence: string; heartbeatIntervalMs: number }>(
      url,
      "POST",
      `/v1/workspaces/${workspaceId}/instances/${instance.instanceId}/heartbeat`,
      { token: instance.tokens.accessToken, body: {} },
    );
    expect(beat.body).toMatchObject({ presence: "connected", heartbeatIntervalMs: HEARTBEAT_MS });

    // The teammate's stream saw each change as an instance-presence event, in that order.
    await watcher.until(
      (client) => client.events().filter((f) => f.event.name === "instance-presence").length >= 4,
    );
    const seen = watcher
      .events()
      .flatMap((frame) => (frame.event.name === "instance-presence" ? [frame.event.presence] : []));
    expect(seen).toEqual(["connected", "stale", "offline", "connected"]);
    watcher.close();
  });
});
