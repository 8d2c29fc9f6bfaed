import type { CloudClient, Timers } from "@multiclaw/cloud-client";
import type { HeartbeatResponse } from "@multiclaw/protocol";

export interface HeartbeatDeps {
  cloud: CloudClient;
  workspaceId: string;
  instanceId: string;
  timers: Timers;
  /** Until the Cloud sets the pace (in the welcome or a heartbeat answer). */
  initialIntervalMs: number;
  /** The revision the gateway has applied, reported so teammates see it is current. */
  configRevision(): number | undefined;
  onBeat(answer: HeartbeatResponse): void;
  onError(error: unknown): void;
}

export interface Heartbeats {
  /** The Cloud asked for another pace; applies from the next beat. */
  setInterval(intervalMs: number): void;
  /** The pace now (the Cloud's, once it has said). */
  intervalMs(): number;
  stop(): void;
}

/**
 * Tells the Cloud this instance is alive, at the interval the Cloud sets. Runs whether or not the event stream
 * is open: the stream alone keeps presence, but a beat also carries the applied config revision and its answer
 * the Cloud's newest, which catches a change whose event was missed — and, while live updates are unavailable,
 * is how configuration changes arrive at all. A beat the egress guard refuses costs no socket, so beats also
 * notice when a blocked Cloud API is allowed again.
 */
export function startHeartbeats(deps: HeartbeatDeps): Heartbeats {
  let intervalMs = deps.initialIntervalMs;
  let stopped = false;
  let cancel: (() => void) | null = null;

  async function beat(): Promise<void> {
    cancel = null;
    try {
      const revision = deps.configRevision();
      const answer = await deps.cloud.call("heartbeat", {
        params: { workspaceId: deps.workspaceId, instanceId: deps.instanceId },
        body: revision === undefined ? {} : { configRevision: revision },
      });
      if (stopped) return;
      intervalMs = answer.heartbeatIntervalMs;
      deps.onBeat(answer);
    } catch (error) {
      if (stopped) return;
      deps.onError(error);
    }
    schedule();
  }

  function schedule(): void {
    if (stopped) return;
    cancel = deps.timers.schedule(() => void beat(), intervalMs);
  }

  void beat();
  return {
    setInterval(next) {
      intervalMs = next;
    },
    intervalMs: () => intervalMs,
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}
