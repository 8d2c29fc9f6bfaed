import type { WorkspaceFeed, WorkspaceFeedEvent, WorkspaceFeedStatus } from "./local-api-deps.ts";

/** A workspace feed the test drives: what the Cloud link would hand on, and when its status changes. */
export interface ManualWorkspaceFeed extends WorkspaceFeed {
  setStatus(status: WorkspaceFeedStatus): void;
  emit(event: WorkspaceFeedEvent): void;
  listenerCount(): number;
}

export function createManualWorkspaceFeed(
  initial: WorkspaceFeedStatus = { workspaceId: null, live: false },
): ManualWorkspaceFeed {
  let current = initial;
  const statusListeners = new Set<() => void>();
  const eventListeners = new Set<(event: WorkspaceFeedEvent) => void>();
  return {
    status: () => current,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    setStatus(status) {
      current = status;
      for (const listener of statusListeners) listener();
    },
    emit(event) {
      for (const listener of eventListeners) listener(event);
    },
    listenerCount: () => statusListeners.size + eventListeners.size,
  };
}

/** A followed workspace the test drives, which says whether it was closed. */
export interface ManualFollowedWorkspace extends ManualWorkspaceFeed {
  close(): void;
  readonly closed: boolean;
}

export function createManualFollowedWorkspace(workspaceId: string): ManualFollowedWorkspace {
  const feed = createManualWorkspaceFeed({ workspaceId, live: false });
  let closed = false;
  return {
    ...feed,
    close() {
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
}
