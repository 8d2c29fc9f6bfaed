import type { GatewayClient, RunEventSubscription } from "@multiclaw/gateway-client";
import { endsRun, type RunEvent, type RunState } from "@multiclaw/protocol";
import { monotonicMs } from "../fanout/clock.ts";
import { recordMarkers } from "../gateway/token-markers.ts";

/**
 * A plain Node client of the gateway's run events — one WebSocket subscribed to every run, as the App keeps one —
 * that notes when each timed marker arrives (the gateway-only path, the baseline the page is compared with) and
 * when each run ends.
 */
export interface RunWatcher {
  /** From now on, the monotonic ms each marker first arrives in a `text-delta`, parsed and checked. */
  watch(markers: readonly string[]): Map<string, number>;
  /** The run whose deltas carried the watched markers, once one has. */
  watchedRunId(): string | null;
  /** Resolves with the run's final state (at once if it already ended). */
  untilEnded(runId: string, timeoutMs?: number): Promise<RunState>;
  close(): void;
}

export async function watchRuns(gateway: GatewayClient): Promise<RunWatcher> {
  const ended = new Map<string, RunState>();
  const waiting = new Map<string, () => void>();
  let watched: { markers: readonly string[]; seen: Map<string, number>; runId: string | null } | null = null;

  const onEvent = (event: RunEvent) => {
    const at = monotonicMs();
    const body = event.event;
    if (body.type === "text-delta" && watched) {
      const before = watched.seen.size;
      recordMarkers(body.delta, watched.markers, at, watched.seen);
      if (watched.seen.size > before) watched.runId ??= event.runId;
    }
    if (endsRun(body)) {
      ended.set(event.runId, body.state);
      waiting.get(event.runId)?.();
    }
  };
  let subscription: RunEventSubscription | null = null;
  await new Promise<void>((resolve, reject) => {
    subscription = gateway.subscribeRunEvents({
      subscribe: "all",
      onEvent,
      onStatus: (status) => {
        if (status === "open") resolve();
      },
      onError: reject,
    });
  });

  return {
    watch(markers) {
      watched = { markers, seen: new Map(), runId: null };
      return watched.seen;
    },
    watchedRunId: () => watched?.runId ?? null,
    untilEnded(runId, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`run ${runId} did not end within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          const state = ended.get(runId);
          if (state === undefined) return;
          clearTimeout(timer);
          waiting.delete(runId);
          resolve(state);
        };
        waiting.set(runId, check);
        check();
      });
    },
    close: () => (subscription as RunEventSubscription | null)?.close(),
  };
}
