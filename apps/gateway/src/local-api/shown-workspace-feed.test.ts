import type { Task } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import type { WorkspaceFeedEvent } from "./local-api-deps.ts";
import { followShownWorkspace } from "./shown-workspace-feed.ts";
import {
  createManualFollowedWorkspace,
  createManualWorkspaceFeed,
  type ManualFollowedWorkspace,
} from "./test-workspace-feed.ts";

const shown = "ws_01jc0000000000000000000000";
const own = "ws_01jc0000000000000000000001";

function taskEvent(workspaceId: string, seq: number): WorkspaceFeedEvent {
  return {
    name: "task-updated",
    workspaceId,
    task: { id: "tsk_01jc0000000000000000000000", workspaceId } as Task,
    seq,
    at: "2030-01-01T00:00:00.000Z",
  };
}

function setUp(linkWorkspace: string | null) {
  const link = createManualWorkspaceFeed({ workspaceId: linkWorkspace, live: true });
  const userStreams: ManualFollowedWorkspace[] = [];
  const feed = followShownWorkspace(shown, {
    linkFeed: link,
    followAsUser(workspaceId) {
      const followed = createManualFollowedWorkspace(workspaceId);
      userStreams.push(followed);
      return followed;
    },
  });
  const events: WorkspaceFeedEvent[] = [];
  feed.onEvent((event) => events.push(event));
  return { link, feed, userStreams, events };
}

describe("the feed of the workspace a page shows", () => {
  it("takes the device link's events when the link follows that workspace, and opens nothing else", () => {
    const { link, feed, userStreams, events } = setUp(shown);
    link.emit(taskEvent(shown, 4));
    expect(userStreams).toEqual([]);
    expect(feed.status()).toEqual({ workspaceId: shown, live: true });
    expect(events).toEqual([taskEvent(shown, 4)]);
  });

  it("follows the workspace as the user while the link follows another, and ignores the link's events", () => {
    const { link, feed, userStreams, events } = setUp(own);
    expect(userStreams.map((stream) => stream.status().workspaceId)).toEqual([shown]);
    const [asUser] = userStreams as [ManualFollowedWorkspace];
    expect(feed.status()).toEqual({ workspaceId: shown, live: false });

    let statusChanges = 0;
    feed.onStatusChange(() => {
      statusChanges += 1;
    });
    asUser.setStatus({ workspaceId: shown, live: true });
    link.emit(taskEvent(own, 9));
    asUser.emit(taskEvent(shown, 2));
    expect(statusChanges).toBe(1);
    expect(feed.status()).toEqual({ workspaceId: shown, live: true });
    expect(events).toEqual([taskEvent(shown, 2)]);
  });

  it("closes the user's stream once the link follows the workspace itself, and asks for a resync", () => {
    const { link, feed, userStreams, events } = setUp(own);
    link.setStatus({ workspaceId: shown, live: true });
    expect(userStreams[0]?.closed).toBe(true);
    expect(events).toEqual([{ name: "tasks-resync", workspaceId: shown }]);
    link.emit(taskEvent(shown, 5));
    expect(events.at(-1)).toEqual(taskEvent(shown, 5));

    // Signed in elsewhere again: a new stream of the user's.
    link.setStatus({ workspaceId: own, live: true });
    expect(userStreams).toHaveLength(2);
    feed.close();
    expect(userStreams[1]?.closed).toBe(true);
    expect(link.listenerCount()).toBe(0);
  });
});
