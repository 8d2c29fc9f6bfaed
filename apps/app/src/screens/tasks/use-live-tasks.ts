import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { gateway } from "../../api/clients.ts";
import { createLiveTaskFeed, type LiveTaskFeed } from "./live-task-feed.ts";
import type { LiveTaskMode } from "./live-task-mode.ts";

const idle: LiveTaskFeed = {
  subscribe: () => () => {},
  getSnapshot: () => "connecting",
  close: () => {},
};

/** Follows the gateway's task events for the shown workspace while the screen is open; says how live it is. */
export function useLiveTasks(workspaceId: string): LiveTaskMode {
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<LiveTaskFeed>(idle);
  useEffect(() => {
    const opened = createLiveTaskFeed({ gateway, queryClient, workspaceId });
    setFeed(opened);
    return () => opened.close();
  }, [queryClient, workspaceId]);
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}
