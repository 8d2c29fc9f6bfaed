import type { FetchFunction } from "@multiclaw/cloud-client";
import { type EgressRefusal, egressRefusalIn } from "./egress-refusal.ts";

/*
 * What the requests to the Cloud API show right now, observed at the link's fetch: every API request of the
 * link (sign-in refresh, sync, heartbeats, task reports, the gateway's own calls through `link.cloud`) passes
 * here. The event stream uses this to tell "the Cloud is away" from "only the event stream is" (live updates
 * unavailable, the API still answers) and from "this machine refuses the Cloud API" (the user blocked it).
 */

export type ApiHealth =
  /** No request has finished yet. */
  | { state: "unknown" }
  /** The Cloud answered the last request (any status below 500). */
  | { state: "answering" }
  /** No answer (unreachable, timed out) or a 5xx. */
  | { state: "failing" }
  /** The egress guard refused the last request. */
  | { state: "blocked"; refusal: EgressRefusal };

export interface ApiHealthTracker {
  /** The fetch to give the Cloud clients: the same requests, observed. */
  readonly fetch: FetchFunction;
  current(): ApiHealth;
  /** Called when the API becomes blocked, or stops being blocked. */
  onBlockedChange(listener: (health: ApiHealth) => void): () => void;
}

export function trackApiHealth(fetch: FetchFunction): ApiHealthTracker {
  let health: ApiHealth = { state: "unknown" };
  const listeners = new Set<(health: ApiHealth) => void>();

  function record(next: ApiHealth): void {
    const wasBlocked = health.state === "blocked";
    health = next;
    if (wasBlocked !== (next.state === "blocked")) {
      for (const listener of listeners) listener(next);
    }
  }

  return {
    async fetch(url, init) {
      try {
        const response = await fetch(url, init);
        record(response.status < 500 ? { state: "answering" } : { state: "failing" });
        return response;
      } catch (error) {
        const refusal = egressRefusalIn(error);
        if (refusal) record({ state: "blocked", refusal });
        // A request its caller cancelled says nothing about the Cloud.
        else if ((error as { name?: unknown } | null)?.name !== "AbortError") record({ state: "failing" });
        throw error;
      }
    },
    current: () => health,
    onBlockedChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
