import type { FollowedWorkspace, WorkspaceFeed } from "./local-api-deps.ts";
import { createWorkspaceEventRelay, type WorkspaceEventRelay } from "./workspace-event-relay.ts";

export interface WorkspaceRelaysDeps<C> {
  /** The gateway's own workspace, for a hello that names none. */
  linkFeed: WorkspaceFeed;
  /** A named workspace's feed; closed once its last listener leaves. */
  follow(workspaceId: string): FollowedWorkspace;
  send(listener: C, frame: string): void;
}

export interface WorkspaceRelays<C> {
  /**
   * `listener` now gets the task frames of `workspaceId` (the gateway's own workspace when undefined). Returns
   * the status frame to send it first.
   */
  join(listener: C, workspaceId: string | undefined): string;
  /** `listener` gets nothing more; a workspace nobody listens to any more is no longer followed. */
  leave(listener: C): void;
  /** Leaves every listener. */
  close(): void;
}

interface Followed<C> {
  relay: WorkspaceEventRelay;
  listeners: Set<C>;
  close(): void;
}

/** Key of the gateway's own workspace (ids are never empty). */
const OWN = "";

/**
 * One relay per workspace that some connection listens to, each frame serialised once for all of them. A named
 * workspace is followed while at least one connection listens to it, and no longer: the stream the gateway opens
 * for it costs a Cloud connection.
 *
 * @example
 * const relays = createWorkspaceRelays({ linkFeed, follow: deps.followWorkspace, send });
 * send(connection, relays.join(connection, hello.workspaceId));
 * socket.on("close", () => relays.leave(connection));
 */
export function createWorkspaceRelays<C>(deps: WorkspaceRelaysDeps<C>): WorkspaceRelays<C> {
  const followed = new Map<string, Followed<C>>();
  const keyOf = new Map<C, string>();

  function open(key: string): Followed<C> {
    const listeners = new Set<C>();
    const named = key === OWN ? null : deps.follow(key);
    const relay = createWorkspaceEventRelay(named ?? deps.linkFeed, (frame) => {
      for (const listener of listeners) deps.send(listener, frame);
    });
    return {
      relay,
      listeners,
      close() {
        relay.close();
        named?.close();
      },
    };
  }

  function leave(listener: C): void {
    const key = keyOf.get(listener);
    if (key === undefined) return;
    keyOf.delete(listener);
    const entry = followed.get(key);
    if (!entry) return;
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    followed.delete(key);
    entry.close();
  }

  return {
    join(listener, workspaceId) {
      leave(listener);
      const key = workspaceId ?? OWN;
      let entry = followed.get(key);
      if (!entry) {
        entry = open(key);
        followed.set(key, entry);
      }
      entry.listeners.add(listener);
      keyOf.set(listener, key);
      return entry.relay.statusFrame();
    },
    leave,
    close() {
      for (const listener of [...keyOf.keys()]) leave(listener);
    },
  };
}
