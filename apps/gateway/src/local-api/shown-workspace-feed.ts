import type { FollowedWorkspace, WorkspaceFeed, WorkspaceFeedEvent } from "./local-api-deps.ts";

export interface ShownWorkspaceFeedDeps {
  /** The device link's feed (session-workspace-feed.ts): the workspace the gateway is signed in to. */
  linkFeed: WorkspaceFeed;
  /** The workspace's Cloud event stream as the signed-in user (session/user-workspace-events.ts). */
  followAsUser(workspaceId: string): FollowedWorkspace;
}

/**
 * The task events of the workspace a page shows, from whichever source has them: the device link while it
 * follows that workspace (no second stream for what the gateway already hears), else a stream of the user's own,
 * opened only then and closed as soon as the link follows the workspace again (a sign-in elsewhere) or the feed
 * is closed. Switching to the link asks for a resync, since events may have passed in the gap.
 *
 * @example
 * const feed = followShownWorkspace("ws_…", { linkFeed, followAsUser: (id) => followUserWorkspaceEvents(…) });
 * feed.onEvent(relay);
 * feed.close();
 */
export function followShownWorkspace(workspaceId: string, deps: ShownWorkspaceFeedDeps): FollowedWorkspace {
  const statusListeners = new Set<() => void>();
  const eventListeners = new Set<(event: WorkspaceFeedEvent) => void>();
  let asUser: { feed: FollowedWorkspace; stop: () => void } | null = null;
  let closed = false;

  const notifyStatus = () => {
    for (const listener of statusListeners) listener();
  };
  const emit = (event: WorkspaceFeedEvent) => {
    if (event.workspaceId !== workspaceId) return;
    for (const listener of eventListeners) listener(event);
  };

  /** Opens or closes the user's stream so that exactly one source feeds this workspace. */
  function reconcile(): void {
    const linkFollows = deps.linkFeed.status().workspaceId === workspaceId;
    if (linkFollows && asUser) {
      asUser.stop();
      asUser = null;
      emit({ name: "tasks-resync", workspaceId });
    } else if (!linkFollows && !asUser) {
      const feed = deps.followAsUser(workspaceId);
      const stopStatus = feed.onStatusChange(notifyStatus);
      const stopEvents = feed.onEvent(emit);
      asUser = {
        feed,
        stop() {
          stopStatus();
          stopEvents();
          feed.close();
        },
      };
    }
  }

  const stopLinkStatus = deps.linkFeed.onStatusChange(() => {
    reconcile();
    notifyStatus();
  });
  const stopLinkEvents = deps.linkFeed.onEvent((event) => {
    if (asUser === null) emit(event);
  });
  reconcile();

  return {
    status: () => ({
      workspaceId,
      live: (asUser?.feed ?? deps.linkFeed).status().live,
    }),
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      stopLinkStatus();
      stopLinkEvents();
      asUser?.stop();
      asUser = null;
      statusListeners.clear();
      eventListeners.clear();
    },
  };
}
