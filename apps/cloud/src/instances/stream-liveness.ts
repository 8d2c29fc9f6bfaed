import type { PresenceService } from "./presence-service.ts";

/**
 * An instance whose event stream is open is alive even if its heartbeats are late. This node counts the open
 * streams per instance (from the event hub's callbacks) and refreshes their `last_seen_at` in one batch every
 * half heartbeat interval, so the presence sweeper never marks a connected instance stale.
 */
export function createStreamLiveness(presence: PresenceService, heartbeatIntervalMs: number) {
  const openStreams = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  return {
    connected(instanceId: string, workspaceId: string): void {
      openStreams.set(instanceId, (openStreams.get(instanceId) ?? 0) + 1);
      void presence.markStreamConnected(instanceId, workspaceId);
    },
    disconnected(instanceId: string, workspaceId: string): void {
      const remaining = (openStreams.get(instanceId) ?? 1) - 1;
      if (remaining > 0) return void openStreams.set(instanceId, remaining);
      openStreams.delete(instanceId);
      void presence.markStreamDisconnected(instanceId, workspaceId);
    },
    /** Instances with at least one open stream on this node. */
    openInstances(): string[] {
      return [...openStreams.keys()];
    },
    start(): void {
      timer = setInterval(() => {
        if (openStreams.size > 0) void presence.touchConnected([...openStreams.keys()]);
      }, heartbeatIntervalMs / 2);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
