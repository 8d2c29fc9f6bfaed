import type {
  StreamWorkspaceEventFrame,
  StreamWorkspaceResyncFrame,
  StreamWorkspaceStatusFrame,
} from "@multiclaw/protocol";
import type { WorkspaceFeed, WorkspaceFeedEvent, WorkspaceFeedStatus } from "./local-api-deps.ts";

export interface WorkspaceEventRelay {
  /** The frame a connection gets right after its hello asked for `workspace`. */
  statusFrame(): string;
  /** Stops listening to the feed. */
  close(): void;
}

/**
 * Turns one workspace feed's task events into stream frames, each serialised once for every listening
 * connection (workspace-relays.ts keeps one per workspace listened to). An event of another workspace than the
 * feed's (a link replaced mid-flight) is dropped rather than shown under the wrong workspace. A status
 * frame goes out only when the status actually changed, since link-state callbacks also fire for details the
 * page does not show.
 *
 * @example
 * const relay = createWorkspaceEventRelay(feed, (frame) => sendToWorkspaceListeners(frame));
 * socket.send(relay.statusFrame());
 */
export function createWorkspaceEventRelay(
  feed: WorkspaceFeed,
  broadcast: (frame: string) => void,
): WorkspaceEventRelay {
  let last: WorkspaceFeedStatus = feed.status();

  const statusFrame = (status: WorkspaceFeedStatus) =>
    JSON.stringify({
      type: "workspace-status",
      workspaceId: status.workspaceId,
      live: status.live,
    } satisfies StreamWorkspaceStatusFrame);

  const stopStatus = feed.onStatusChange(() => {
    const next = feed.status();
    if (next.workspaceId === last.workspaceId && next.live === last.live) return;
    last = next;
    broadcast(statusFrame(next));
  });

  const stopEvents = feed.onEvent((event: WorkspaceFeedEvent) => {
    if (event.workspaceId !== feed.status().workspaceId) return;
    if (event.name === "tasks-resync") {
      broadcast(
        JSON.stringify({
          type: "workspace-resync",
          workspaceId: event.workspaceId,
        } satisfies StreamWorkspaceResyncFrame),
      );
      return;
    }
    broadcast(
      JSON.stringify({
        type: "workspace-event",
        workspaceId: event.workspaceId,
        seq: event.seq,
        at: event.at,
        event: { name: event.name, task: event.task },
      } satisfies StreamWorkspaceEventFrame),
    );
  });

  return {
    // `last` stays as the broadcasts left it: a change not yet announced still reaches every connection.
    statusFrame: () => statusFrame(feed.status()),
    close() {
      stopStatus();
      stopEvents();
    },
  };
}
