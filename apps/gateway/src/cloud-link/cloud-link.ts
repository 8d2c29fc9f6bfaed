import {
  type BackoffPolicy,
  type CloudClient,
  CloudError,
  createCloudClient,
  createRefreshingTokenSource,
  type FetchFunction,
  isCloudError,
  type OpenWebSocket,
  systemTimers,
  type Timers,
} from "@multiclaw/cloud-client";
import { EVENTS_PATH, type Task } from "@multiclaw/protocol";
import type { CredentialStore } from "../credentials/credential-store.ts";
import type { DeviceCredential } from "../credentials/device-credential.ts";
import { type WithinFeature, withoutCause } from "../egress/cause-scopes.ts";
import { trackApiHealth } from "./api-health.ts";
import { type ConfigView, createConfigState } from "./config-state.ts";
import { createConfigSync } from "./config-sync.ts";
import { createEventPosition, type KeyValueState } from "./event-position.ts";
import { type Heartbeats, startHeartbeats } from "./heartbeats.ts";
import type { LinkLogger } from "./link-logger.ts";
import { type CloudLinkState, createLinkStatus, type LinkStateListener } from "./link-status.ts";
import { type LogoutResult, revokeAtCloud } from "./logout.ts";
import { createStreamLoop, type StreamLoop } from "./stream-loop.ts";
import { createTaskReporter, type ReportTaskState } from "./task-reports.ts";

export interface CloudLinkSettings {
  /** The event stream's URL; by default the Cloud URL with ws(s): and /v1/events. */
  eventsUrl: string | undefined;
  /** Waits between reconnection attempts. */
  backoff: BackoffPolicy;
  /**
   * After this many failed attempts in a row the link shows offline and keeps trying: cloud-unreachable, or
   * live-updates-unavailable (and polls) when the Cloud API still answers.
   */
  unreachableAfterAttempts: number;
  /** Heartbeat interval until the Cloud sets one. */
  heartbeatIntervalMs: number;
  /** One HTTP request to the Cloud, at most. */
  requestTimeoutMs: number;
  /** From opening the event socket to the Cloud's welcome, at most. */
  handshakeTimeoutMs: number;
  /** Attempts per task report when the Cloud does not answer or answers 5xx/429. */
  taskReportAttempts: number;
  /**
   * While live updates are unavailable (the event stream blocked or unreachable, the API answering), waiting
   * assignments are polled on a heartbeat at least this long after the previous poll. Undefined: on every
   * heartbeat, at the pace the Cloud sets (15 s by default), so the Cloud decides the load it takes.
   */
  fallbackPollIntervalMs: number | undefined;
}

export const defaultCloudLinkSettings: CloudLinkSettings = {
  eventsUrl: undefined,
  backoff: { initialDelayMs: 500, maxDelayMs: 30_000 },
  unreachableAfterAttempts: 6,
  heartbeatIntervalMs: 15_000,
  requestTimeoutMs: 30_000,
  handshakeTimeoutMs: 15_000,
  taskReportAttempts: 5,
  fallbackPollIntervalMs: undefined,
};

export interface CloudLinkDeps {
  credential: DeviceCredential;
  /** Where rotated refresh tokens are saved, and what logout deletes. */
  store: CredentialStore;
  /** Every request to the Cloud goes through it (the gateway passes one bound to the egress guard). */
  fetch: FetchFunction;
  /** Opens the event socket (the gateway passes `ws` with the egress guard's agents). */
  openSocket: OpenWebSocket;
  /** Keeps the last processed event number across restarts. */
  state: KeyValueState;
  logger: LinkLogger;
  timers?: Timers;
  random?: () => number;
  settings?: Partial<CloudLinkSettings>;
  /** Names the link's features as the cause of their connections (the ledger shows it). */
  withinFeature?: WithinFeature;
}

/** Task events of the workspace, in order, each once per connection (at least once across restarts). */
export type TaskFeedEvent =
  | { name: "task-assigned"; task: Task; seq: number; at: string }
  | { name: "task-updated"; task: Task; seq: number; at: string }
  /**
   * List tasks to catch up: events were skipped (the gateway was away longer than the Cloud keeps events), or
   * live updates are unavailable and this is a poll (`seq` is then the last event number processed, or 0).
   */
  | { name: "tasks-resync"; seq: number };

export type TaskListener = (event: TaskFeedEvent) => void;

/**
 * The gateway's link to its Cloud: signs in with the device credential, keeps the configuration synced
 * (provider keys as Secrets), heartbeats, follows the event stream (resuming by event number, reconnecting
 * with backoff) and reports task states. Nothing starts until `start()`.
 */
export interface CloudLink {
  readonly workspaceId: string;
  readonly instanceId: string;
  readonly account: DeviceCredential["account"];
  readonly cloudUrl: string;
  /** The synced configuration and its change notifications. */
  readonly config: ConfigView;
  /** An authenticated client for any other Cloud call (list tasks, …). */
  readonly cloud: CloudClient;
  start(): void;
  /** Resolves at the first complete sync; rejects if the link goes offline for good before. */
  ready(): Promise<void>;
  state(): CloudLinkState;
  onStateChange(listener: LinkStateListener): () => void;
  onTaskEvent(listener: TaskListener): () => void;
  /** Reports a task's state transition to the Cloud (coordination fields only), with an Idempotency-Key. */
  reportTaskState: ReportTaskState;
  /** Closes the stream and stops heartbeats; `start()` may be called again. */
  stop(): Promise<void>;
  /** Revokes this instance at the Cloud, then deletes the credential file (also when the Cloud is unreachable). */
  logout(): Promise<LogoutResult>;
}

function eventsUrlOf(cloudUrl: string): string {
  return `${cloudUrl.replace(/\/+$/, "").replace(/^http/, "ws")}${EVENTS_PATH}`;
}

/**
 * Creates the link.
 *
 * @example
 * const link = createCloudLink({ credential, store, fetch: dispatcherFetch(guard.dispatcher),
 *   openSocket: agentWebSocket(guard), state, logger });
 * link.onTaskEvent((event) => engine.take(event));
 * link.start();
 * await link.ready();
 */
export function createCloudLink(deps: CloudLinkDeps): CloudLink {
  const settings: CloudLinkSettings = { ...defaultCloudLinkSettings, ...deps.settings };
  const { credential, logger } = deps;
  const within = deps.withinFeature ?? withoutCause;
  const timers = deps.timers ?? systemTimers;
  const isoNow = () => new Date(timers.now()).toISOString();
  const { workspaceId, instanceId } = credential;

  const apiHealth = trackApiHealth(deps.fetch);
  const anonymous = createCloudClient({
    baseUrl: credential.cloudUrl,
    fetch: apiHealth.fetch,
    timeoutMs: settings.requestTimeoutMs,
  });
  const tokens = createRefreshingTokenSource({
    client: anonymous,
    refreshToken: credential.refreshToken,
    persistRefreshToken: (token) => deps.store.updateRefreshToken(token),
    now: () => timers.now(),
  });
  const cloud = anonymous.withAuth(tokens);
  const status = createLinkStatus();
  const configState = createConfigState();
  const taskListeners = new Set<TaskListener>();

  let readyResolve: () => void = () => undefined;
  let readyReject: (error: Error) => void = () => undefined;
  let isReady = false;
  const readyPromise = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  readyPromise.catch(() => undefined);

  const syncConfig = createConfigSync({
    cloud,
    workspaceId,
    state: configState,
    logger,
    onSynced(revision) {
      status.synced(revision, isoNow());
      if (!isReady) {
        isReady = true;
        readyResolve();
      }
    },
  });
  // Started from heartbeats and events, all under the link's cause; each sync is config sync's own.
  const configSync: Pick<typeof syncConfig, "revisionSeen" | "catchUp" | "resnapshot"> = {
    revisionSeen: (revision) => within("config-sync", () => syncConfig.revisionSeen(revision)),
    catchUp: () => within("config-sync", () => syncConfig.catchUp()),
    resnapshot: () => within("config-sync", () => syncConfig.resnapshot()),
  };
  const reportTaskState = createTaskReporter({
    cloud,
    workspaceId,
    timers,
    backoff: settings.backoff,
    maxAttempts: settings.taskReportAttempts,
    ...(deps.random ? { random: deps.random } : {}),
  });

  function emitTask(event: TaskFeedEvent): void {
    for (const listener of taskListeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, seq: event.seq }, "a task listener failed");
      }
    }
  }

  let loop: StreamLoop | null = null;

  /** Errors of background work (sync, heartbeats): an ended session takes the link offline; others are logged. */
  async function backgroundError(error: unknown, what: string): Promise<void> {
    const code = isCloudError(error) ? error.code : undefined;
    // The block is logged once when it begins (below); each refused beat is not news.
    if (code === "EGRESS_BLOCKED") {
      logger.debug({ code }, `${what} refused by the egress guard`);
      return;
    }
    if (isCloudError(error) && error.status === 401 && !tokens.ended()) {
      // The access token was refused outright: a refresh tells whether the session still exists.
      await tokens.expired(await tokens.accessToken().catch(() => "")).catch(() => undefined);
    }
    const ended = tokens.ended();
    if (ended) {
      loop?.sessionEnded(ended);
      return;
    }
    logger.warn({ code }, `${what} failed`);
  }

  const position = createEventPosition(deps.state, instanceId);
  let heartbeats: Heartbeats | null = null;
  let lastPollAt: number | undefined;

  /** While live updates are unavailable, a successful beat is the moment to look for waiting assignments. */
  function pollIfLiveUpdatesUnavailable(): void {
    const current = status.get();
    if (current.status !== "offline" || current.reason !== "live-updates-unavailable") {
      lastPollAt = undefined;
      return;
    }
    const now = timers.now();
    const every = settings.fallbackPollIntervalMs;
    if (every !== undefined && lastPollAt !== undefined && now - lastPollAt < every) return;
    lastPollAt = now;
    void position
      .load()
      .catch(() => undefined)
      .then((seq) => {
        // Listing follows at once; only ask for it while the API is known to answer.
        if (apiHealth.current().state === "answering") emitTask({ name: "tasks-resync", seq: seq ?? 0 });
      });
  }

  apiHealth.onBlockedChange((health) => {
    if (health.state === "blocked") {
      logger.warn(
        { rowId: health.refusal.rowId ?? null },
        "the egress guard refuses the Cloud API: no sync and no assignments until it is unblocked",
      );
    } else {
      logger.info({}, "the Cloud API is allowed again");
    }
    loop?.recheck();
  });

  function createLoop(): StreamLoop {
    return createStreamLoop({
      eventsUrl: settings.eventsUrl ?? eventsUrlOf(credential.cloudUrl),
      workspaceId,
      accountUserId: credential.account.userId,
      openSocket: deps.openSocket,
      tokens,
      position,
      timers,
      random: deps.random ?? Math.random,
      backoff: settings.backoff,
      unreachableAfterAttempts: settings.unreachableAfterAttempts,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
      status,
      logger,
      apiRefusal() {
        const health = apiHealth.current();
        return health.state === "blocked" ? health.refusal : undefined;
      },
      apiAnswering: () => apiHealth.current().state === "answering",
      blockedRetryMs: () =>
        settings.fallbackPollIntervalMs ?? heartbeats?.intervalMs() ?? settings.heartbeatIntervalMs,
      onStart() {
        heartbeats = startHeartbeats({
          cloud,
          workspaceId,
          instanceId,
          timers,
          initialIntervalMs: settings.heartbeatIntervalMs,
          configRevision: () => configState.current()?.revision,
          onBeat(answer) {
            void configSync
              .revisionSeen(answer.configRevision)
              .catch((error: unknown) => backgroundError(error, "config sync"));
            pollIfLiveUpdatesUnavailable();
          },
          onError: (error) => backgroundError(error, "heartbeat"),
        });
      },
      onWelcome(welcome) {
        heartbeats?.setInterval(welcome.heartbeatIntervalMs);
        void configSync.catchUp().catch((error: unknown) => backgroundError(error, "config sync"));
      },
      onEvent(frame) {
        const event = frame.event;
        if (event.name === "task-assigned" || event.name === "task-updated") {
          emitTask({ name: event.name, task: event.task, seq: frame.seq, at: frame.at });
        } else if (event.name === "config-changed") {
          void configSync
            .revisionSeen(event.revision)
            .catch((error: unknown) => backgroundError(error, "config sync"));
        }
      },
      onResync(frame) {
        emitTask({ name: "tasks-resync", seq: frame.seq });
        void configSync.resnapshot().catch((error: unknown) => backgroundError(error, "config sync"));
      },
      onHalt(error) {
        heartbeats?.stop();
        heartbeats = null;
        if (error && !isReady) readyReject(error);
      },
    });
  }

  async function stop(): Promise<void> {
    const current = loop;
    loop = null;
    await current?.stop();
  }

  return {
    workspaceId,
    instanceId,
    account: credential.account,
    cloudUrl: credential.cloudUrl,
    config: configState,
    cloud,
    start() {
      if (loop) return;
      if (tokens.ended()) {
        logger.warn({}, "the link cannot start: this gateway is signed out");
        return;
      }
      // Everything the loop starts (the event socket, heartbeats and their retries) is the link's.
      within("cloud-link", () => {
        const started = createLoop();
        loop = started;
        started.start();
      });
    },
    ready: () => readyPromise,
    state: () => status.get(),
    onStateChange: (listener) => status.onChange(listener),
    onTaskEvent(listener) {
      taskListeners.add(listener);
      return () => taskListeners.delete(listener);
    },
    // A report is sent as a run changes state, inside the run's work; it is the report's connection.
    reportTaskState: (taskId, body, options) =>
      within("task-report", () => reportTaskState(taskId, body, options), taskId),
    stop,
    async logout() {
      await stop();
      const result = await within("cloud-link", () =>
        revokeAtCloud({ cloud, anonymous, tokens, workspaceId, instanceId, logger }),
      );
      tokens.end(new CloudError("NOT_SIGNED_IN", "This gateway signed out"));
      await deps.store.delete();
      status.set({
        status: "offline",
        reason: "signed-out",
        detail: "signed out on this machine",
        lastError: null,
        nextRetryAt: null,
      });
      if (!isReady) readyReject(new CloudError("NOT_SIGNED_IN", "This gateway signed out"));
      return result;
    },
  };
}
