import { describe, expect, it } from "vitest";
import type { FollowedWorkspace } from "./local-api-deps.ts";
import {
  createManualFollowedWorkspace,
  createManualWorkspaceFeed,
  type ManualFollowedWorkspace,
} from "./test-workspace-feed.ts";
import { createWorkspaceRelays } from "./workspace-relays.ts";

const own = "ws_01jc0000000000000000000000";
const named = "ws_01jc0000000000000000000001";

function setUp() {
  const linkFeed = createManualWorkspaceFeed({ workspaceId: own, live: true });
  const followed: ManualFollowedWorkspace[] = [];
  const sent: { listener: string; frame: unknown }[] = [];
  const relays = createWorkspaceRelays<string>({
    linkFeed,
    follow(workspaceId): FollowedWorkspace {
      const feed = createManualFollowedWorkspace(workspaceId);
      followed.push(feed);
      return feed;
    },
    send: (listener, frame) => sent.push({ listener, frame: JSON.parse(frame) }),
  });
  return { linkFeed, followed, sent, relays };
}

describe("the workspace relays", () => {
  it("follows a named workspace once for all its listeners, until the last one leaves", () => {
    const { followed, sent, relays } = setUp();
    expect(JSON.parse(relays.join("first page", named))).toEqual({
      type: "workspace-status",
      workspaceId: named,
      live: false,
    });
    relays.join("second page", named);
    expect(followed).toHaveLength(1);

    followed[0]?.setStatus({ workspaceId: named, live: true });
    expect(sent.map(({ listener }) => listener)).toEqual(["first page", "second page"]);

    relays.leave("first page");
    expect(followed[0]?.closed).toBe(false);
    relays.leave("second page");
    expect(followed[0]?.closed).toBe(true);
    // A page that comes back follows it anew.
    relays.join("first page", named);
    expect(followed).toHaveLength(2);
  });

  it("relays the gateway's own workspace to a listener that names none, and never closes the link's feed", () => {
    const { linkFeed, followed, sent, relays } = setUp();
    expect(JSON.parse(relays.join("page", undefined))).toMatchObject({ workspaceId: own, live: true });
    linkFeed.emit({ name: "tasks-resync", workspaceId: own });
    expect(sent).toEqual([{ listener: "page", frame: { type: "workspace-resync", workspaceId: own } }]);
    relays.close();
    expect(linkFeed.listenerCount()).toBe(0);
    expect(followed).toEqual([]);
  });

  it("moves a listener that joins again to the workspace it names now", () => {
    const { followed, relays } = setUp();
    relays.join("page", named);
    relays.join("page", undefined);
    expect(followed[0]?.closed).toBe(true);
  });
});
