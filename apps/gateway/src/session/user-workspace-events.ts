import {
  type BackoffPolicy,
  backoffDelay,
  defaultBackoff,
  type EventConnection,
  type OpenWebSocket,
  openEventConnection,
  type StreamEnd,
  systemTimers,
  type Timers,
} from "@multiclaw/cloud-client";
import { EVENTS_PATH } from "@multiclaw/protocol";
import type { LinkLogger } from "../cloud-link/index.ts";
import type { FollowedWorkspace, WorkspaceFeedEvent } from "../local-api/local-api-deps.ts";

/** The signed-in user's way onto the Cloud's event stream; the user session (user-session.ts) fits. */
export interface UserEventAccess {
  /** The Cloud the user is signed in to; undefined while nobody is. */
  cloudUrl(): string | undefined;
  /** Throws while nobody is signed in, or when the Cloud ended the session. */
  accessToken(): Promise<string>;
  /** The Cloud refused `refused` (expired, or its session rotated): a fresh one. */
  renewAccessToken(refused: string): Promise<string>;
}

export interface UserWorkspaceEventsDeps {
  workspaceId: string;
  access: UserEventAccess;
  /** Opens the socket as the `cloud-events` row (through the egress guard). */
  openSocket: OpenWebSocket;
  /** Runs the opening of each connection under its cause, so the ledger says who asked for it. */
  withinCause<T>(work: () => T): T;
  logger: LinkLogger;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffPolicy;
  handshakeTimeoutMs?: number;
}

/** `http://host:4800` → `ws://host:4800/v1/events`: where the Cloud serves its event stream. */
export function eventsUrlOf(cloudUrl: string): string {
  return `${cloudUrl.replace(/\/+$/, "").replace(/^http/, "ws")}${EVENTS_PATH}`;
}

/**
 * One workspace's task events, heard on the Cloud's event stream with the signed-in user's access token — for a
 * page that shows a workspace the gateway's device link does not follow. Live only: it starts from now and
 * asks for a resync after every welcome, since what happened while it was away is in the Cloud's list, not in
 * this stream. A refused token is renewed once per refusal; any other end reconnects with backoff and full
 * jitter, except the Cloud's "stop" (the user is not, or no longer, a member), after which it stays down.
 *
 * @example
 * const followed = followUserWorkspaceEvents({ workspaceId, access: userSession, openSocket, withinCause, logger });
 * followed.onEvent((event) => relay(event));
 * followed.close(); // when no page listens any more
 */
export function followUserWorkspaceEvents(deps: UserWorkspaceEventsDeps): FollowedWorkspace {
  const { workspaceId, logger } = deps;
  const timers = deps.timers ?? systemTimers;
  const backoff = deps.backoff ?? defaultBackoff;
  const statusListeners = new Set<() => void>();
  const eventListeners = new Set<(event: WorkspaceFeedEvent) => void>();
  let live = false;
  let stopped = false;
  let connection: EventConnection | null = null;
  let wake: (() => void) | null = null;

  function setLive(next: boolean): void {
    if (next === live) return;
    live = next;
    for (const listener of statusListeners) listener();
  }

  function emit(event: WorkspaceFeedEvent): void {
    for (const listener of eventListeners) listener(event);
  }

  type Outcome = { end: StreamEnd; token: string } | { failed: string };

  async function connectOnce(): Promise<Outcome> {
    const cloudUrl = deps.access.cloudUrl();
    if (cloudUrl === undefined) return { failed: "no user is signed in" };
    let token: string;
    try {
      token = await deps.access.accessToken();
    } catch (error) {
      return { failed: error instanceof Error ? error.message : "no access token" };
    }
    if (stopped) return { failed: "stopped" };
    const opened = deps.withinCause(() =>
      openEventConnection({
        url: eventsUrlOf(cloudUrl),
        openSocket: deps.openSocket,
        token,
        workspaceId,
        timers,
        ...(deps.handshakeTimeoutMs === undefined ? {} : { handshakeTimeoutMs: deps.handshakeTimeoutMs }),
        onWelcome() {
          setLive(true);
          emit({ name: "tasks-resync", workspaceId });
        },
        onEvent(frame) {
          const event = frame.event;
          if (event.name !== "task-assigned" && event.name !== "task-updated") return;
          emit({ name: event.name, workspaceId, task: event.task, seq: frame.seq, at: frame.at });
        },
        onResync: () => emit({ name: "tasks-resync", workspaceId }),
      }),
    );
    connection = opened;
    const end = await opened.ended;
    connection = null;
    return { end, token };
  }

  async function pause(delayMs: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const cancel = timers.schedule(resolve, delayMs);
      wake = () => {
        cancel();
        resolve();
      };
    });
    wake = null;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      const outcome = await connectOnce();
      setLive(false);
      if (stopped) return;
      if ("end" in outcome) {
        const { end } = outcome;
        if (end.action === "stop") {
          logger.warn(
            { workspaceId, reason: end.stopReason, code: end.errorCode },
            "the Cloud ended the user's event stream of a workspace; not reconnecting",
          );
          return;
        }
        if (end.action === "reauthenticate") {
          await deps.access.renewAccessToken(outcome.token).catch(() => undefined);
        }
        failures = end.welcomed ? 1 : failures + 1;
        logger.debug({ workspaceId, code: end.errorCode, attempt: failures }, "user event stream ended");
      } else {
        failures += 1;
        logger.debug({ workspaceId, why: outcome.failed, attempt: failures }, "user event stream not opened");
      }
      await pause(backoffDelay(failures, backoff, deps.random));
    }
  }

  void run().catch((error: unknown) => {
    logger.error({ err: error }, "following a workspace's events stopped unexpectedly");
    setLive(false);
  });

  return {
    status: () => ({ workspaceId, live }),
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    close() {
      if (stopped) return;
      stopped = true;
      live = false;
      connection?.close("no page follows this workspace any more");
      wake?.();
      statusListeners.clear();
      eventListeners.clear();
    },
  };
}
