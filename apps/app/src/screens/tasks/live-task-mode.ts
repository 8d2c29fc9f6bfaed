import type { WorkspaceEventStreamStatus, WorkspaceRelayState } from "@multiclaw/gateway-client";

/*
 * Whether the Tasks screen can rely on the gateway's push for the workspace it shows. The page names that
 * workspace and the gateway follows it — through its own link, or as the signed-in user when the link follows
 * another — so "other-workspace" means a gateway that relays something else (none at all, say): only polling helps.
 */

export type LiveTaskMode =
  /** The first connection to the gateway is being made: poll meanwhile, say nothing yet. */
  | "connecting"
  /** Events of this workspace flow from the gateway's Cloud stream: a slow poll is only a safety net. */
  | "live"
  /** Connecting, or the gateway's own Cloud stream is down: poll as often as before. */
  | "waiting"
  /** The gateway relays another workspace's events (or none): they are not this list's. */
  | "other-workspace";

export const LIVE_REFRESH_MS = 30_000;
export const POLL_REFRESH_MS = 3_000;

export function liveTaskMode(
  shownWorkspaceId: string,
  stream: WorkspaceEventStreamStatus,
  relay: WorkspaceRelayState | null,
): LiveTaskMode {
  if (relay && relay.workspaceId !== shownWorkspaceId) return "other-workspace";
  if (stream === "connecting") return "connecting";
  return stream === "open" && relay?.live === true ? "live" : "waiting";
}

/** How often the list is fetched in each mode. */
export const refreshIntervalOf: Record<LiveTaskMode, number> = {
  connecting: POLL_REFRESH_MS,
  live: LIVE_REFRESH_MS,
  waiting: POLL_REFRESH_MS,
  "other-workspace": POLL_REFRESH_MS,
};
