import type { ErrorCode } from "@multiclaw/protocol";

/** Why the link is offline. */
export type OfflineReason =
  /** Not started yet, or stopped by the gateway. */
  | "stopped"
  /** Signed out here, or the session ended at the Cloud (signed out elsewhere, refresh token reused or expired). */
  | "signed-out"
  /** Someone revoked this instance. */
  | "instance-revoked"
  /** The account is no longer a member of the workspace. */
  | "membership-removed"
  /** The Cloud has not answered for a while; the link keeps trying. */
  | "cloud-unreachable"
  /**
   * This machine refuses the Cloud API (the user blocked `cloud-api`): no sync, no assignments. The link tries
   * again at the heartbeat pace, without a socket, and recovers by itself once the row is unblocked.
   */
  | "cloud-api-blocked"
  /**
   * The Cloud API answers but the event stream cannot connect (`cloud-events` blocked, or its host unreachable):
   * configuration and assignments are polled at the heartbeat pace instead of pushed.
   */
  | "live-updates-unavailable"
  /** The Cloud speaks a protocol this gateway does not. */
  | "protocol-unsupported";

export interface LinkError {
  code: ErrorCode;
  message: string;
  at: string;
}

interface Common {
  /** When the configuration was last confirmed current (a snapshot, a delta, or a 304). */
  lastSyncAt: string | null;
  /** The configuration revision applied, null before the first sync. */
  configRevision: number | null;
}

/**
 * What the link is doing, for `multiclaw status` and the app. Timestamps are ISO strings.
 * - connecting: the first attempt since start;
 * - connected: the event stream is open;
 * - reconnecting: the stream was lost, the next attempt is at `nextRetryAt`;
 * - offline: see `reason`; `nextRetryAt` is set while the link still tries (cloud-unreachable, and
 *   live-updates-unavailable, where the link also polls).
 */
export type CloudLinkState =
  | (Common & { status: "connecting" })
  | (Common & { status: "connected"; since: string })
  | (Common & { status: "reconnecting"; attempt: number; nextRetryAt: string; lastError: LinkError })
  | (Common & {
      status: "offline";
      reason: OfflineReason;
      detail: string;
      lastError: LinkError | null;
      nextRetryAt: string | null;
    });

export type LinkStateListener = (state: CloudLinkState) => void;

type Distribute<T> = T extends unknown ? Omit<T, keyof Common> : never;

/** The link's state with its listeners. */
export interface LinkStatus {
  get(): CloudLinkState;
  set(next: Distribute<CloudLinkState>): void;
  /** Records a sync: the revision now applied. */
  synced(revision: number, at: string): void;
  onChange(listener: LinkStateListener): () => void;
}

export function createLinkStatus(): LinkStatus {
  let common: Common = { lastSyncAt: null, configRevision: null };
  let state: CloudLinkState = {
    ...common,
    status: "offline",
    reason: "stopped",
    detail: "not started",
    lastError: null,
    nextRetryAt: null,
  };
  const listeners = new Set<LinkStateListener>();
  const publish = () => {
    for (const listener of listeners) listener(state);
  };
  return {
    get: () => state,
    set(next) {
      state = { ...next, ...common } as CloudLinkState;
      publish();
    },
    synced(revision, at) {
      common = { lastSyncAt: at, configRevision: revision };
      state = { ...state, ...common };
      publish();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
