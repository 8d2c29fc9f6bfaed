import type {
  GatewayClient,
  WorkspaceEventStreamStatus,
  WorkspaceRelayState,
} from "@multiclaw/gateway-client";
import type { TaskList } from "@multiclaw/protocol";
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { applyTaskEvent } from "./apply-task-event.ts";
import { type LiveTaskMode, liveTaskMode } from "./live-task-mode.ts";
import { taskKeys } from "./task-queries.ts";

/** A burst of new tasks (or a resync storm while live updates are blocked) costs one list fetch. */
const REFETCH_THROTTLE_MS = 250;

export interface LiveTaskFeed {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LiveTaskMode;
  close(): void;
}

/**
 * The gateway's workspace events, landed in the task lists' cache: each event patches the cached lists of its
 * workspace, a task no list holds yet makes them refetch (throttled), and a resync refetches. The gateway is
 * asked for the shown workspace's events; should it relay another's, they are ignored and the screen polls.
 *
 * @example
 * const feed = createLiveTaskFeed({ gateway, queryClient, workspaceId });
 * useSyncExternalStore(feed.subscribe, feed.getSnapshot);
 */
export function createLiveTaskFeed(deps: {
  gateway: Pick<GatewayClient, "subscribeWorkspaceEvents">;
  queryClient: QueryClient;
  workspaceId: string;
}): LiveTaskFeed {
  const { queryClient, workspaceId } = deps;
  const listeners = new Set<() => void>();
  let stream: WorkspaceEventStreamStatus = "connecting";
  let relay: WorkspaceRelayState | null = null;
  let mode: LiveTaskMode = liveTaskMode(workspaceId, stream, relay);
  let refetchTimer: ReturnType<typeof setTimeout> | null = null;
  const listsKey = [...taskKeys.root, workspaceId, "list"];

  function update(): void {
    const next = liveTaskMode(workspaceId, stream, relay);
    if (next === mode) return;
    mode = next;
    for (const listener of listeners) listener();
  }

  function refetchSoon(): void {
    if (refetchTimer !== null) return;
    refetchTimer = setTimeout(() => {
      refetchTimer = null;
      void queryClient.invalidateQueries({ queryKey: listsKey });
    }, REFETCH_THROTTLE_MS);
  }

  const subscription = deps.gateway.subscribeWorkspaceEvents({
    // The gateway follows this workspace's events even when its own link follows another.
    workspaceId,
    onStatus(status) {
      stream = status;
      update();
    },
    onRelayState(state) {
      relay = state;
      update();
    },
    onResync(id) {
      if (id === workspaceId) refetchSoon();
    },
    onEvent({ workspaceId: id, event }) {
      if (id !== workspaceId) return;
      let missing = false;
      for (const query of queryClient.getQueryCache().findAll({ queryKey: listsKey })) {
        const data = query.state.data as InfiniteData<TaskList> | undefined;
        if (!data) continue;
        // The key is [..root, workspaceId, "list", state, agentId] (taskKeys.list).
        const [state = "all", agentId = "all"] = query.queryKey.slice(listsKey.length) as string[];
        const applied = applyTaskEvent(data, { state, agentId }, event.task);
        if (applied.data !== data) queryClient.setQueryData(query.queryKey, applied.data);
        missing ||= applied.refetch;
      }
      if (missing) refetchSoon();
    },
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => mode,
    close() {
      if (refetchTimer !== null) clearTimeout(refetchTimer);
      subscription.close();
    },
  };
}
