import {
  type BackoffPolicy,
  backoffDelay,
  CloudError,
  type EventConnection,
  errorFromFailedRequest,
  type OpenWebSocket,
  openEventConnection,
  type RefreshingTokenSource,
  type StreamEnd,
  type Timers,
} from "@multiclaw/cloud-client";
import type { EventFrame, ResyncFrame, WelcomeFrame } from "@multiclaw/protocol";
import { describeRefusal, type EgressRefusal, parseEgressRefusal } from "./egress-refusal.ts";
import type { EventPosition } from "./event-position.ts";
import type { LinkLogger } from "./link-logger.ts";
import type { LinkError, LinkStatus, OfflineReason } from "./link-status.ts";

export interface StreamLoopDeps {
  eventsUrl: string;
  workspaceId: string;
  /** The signed-in account: an event removing it from the workspace explains the revocation that follows. */
  accountUserId: string;
  openSocket: OpenWebSocket;
  tokens: RefreshingTokenSource;
  position: EventPosition;
  timers: Timers;
  random: () => number;
  backoff: BackoffPolicy;
  unreachableAfterAttempts: number;
  handshakeTimeoutMs: number;
  status: LinkStatus;
  logger: LinkLogger;
  /** The egress guard's refusal of the Cloud API while it refuses it (the user blocked `cloud-api`). */
  apiRefusal(): EgressRefusal | undefined;
  /** Whether the Cloud API answered its last request (so only the event stream is missing). */
  apiAnswering(): boolean;
  /**
   * How long to wait before trying a refused stream again, and before looking again whether the API is still
   * refused: the pace the link polls at (a refusal costs no socket, but there is no point asking more often).
   */
  blockedRetryMs(): number;
  /** The loop starts (heartbeats begin here). */
  onStart(): void;
  onWelcome(frame: WelcomeFrame): void;
  /** Each event in order; its number is saved after this returns. */
  onEvent(frame: EventFrame): void;
  onResync(frame: ResyncFrame): void;
  /** The loop has ended: stopped (null) or offline for good (the reason as an error). */
  onHalt(error: CloudError | null): void;
}

export interface StreamLoop {
  start(): void;
  /** Closes the stream, waits for queued events to be handled, and shows the link as stopped. */
  stop(): Promise<void>;
  /** Background work saw the session end: go offline. */
  sessionEnded(error: CloudError): void;
  /**
   * Something the loop decides on changed (the Cloud API was blocked or unblocked): decide again at once
   * instead of after the current wait, closing the open stream if the API is now refused.
   */
  recheck(): void;
}

interface Offline {
  reason: OfflineReason;
  detail: string;
  error: CloudError;
}

function offlineForSession(error: CloudError): Offline {
  return {
    reason: error.code === "INSTANCE_REVOKED" ? "instance-revoked" : "signed-out",
    detail: error.message,
    error,
  };
}

function isOwnRemoval(frame: EventFrame, userId: string): boolean {
  const event = frame.event;
  return (
    event.name === "membership-changed" &&
    event.userId === userId &&
    (event.change === "removed" || event.change === "left")
  );
}

function offlineForStop(end: StreamEnd): Offline {
  switch (end.stopReason) {
    case "instance-revoked":
      return { reason: "instance-revoked", detail: end.reason, error: new CloudError("INSTANCE_REVOKED") };
    case "membership-revoked":
      return {
        reason: "membership-removed",
        detail: end.reason,
        error: new CloudError("NOT_FOUND", "This account is no longer a member of the workspace"),
      };
    default:
      return {
        reason: "protocol-unsupported",
        detail: end.reason,
        error: new CloudError("PROTOCOL_UNSUPPORTED"),
      };
  }
}

/**
 * The event stream kept open: connect with the current access token and the saved event number, hand events
 * on in order (saving each number after it is handled, so a restart resumes after the last handled event),
 * and after the connection ends reconnect with exponential backoff and full jitter, sign in again, or go
 * offline for good — updating the link's status at each step.
 */
export function createStreamLoop(deps: StreamLoopDeps): StreamLoop {
  const { status, logger, timers } = deps;
  const isoNow = () => new Date(timers.now()).toISOString();
  let halted = false;
  let connection: EventConnection | null = null;
  let wake: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let queue: Promise<void> = Promise.resolve();
  /** Failed attempts since the last welcome. */
  let failures = 0;
  /**
   * The Cloud announced that this account left the workspace. It revokes the member's instances in the same
   * change, so the revocation that follows is reported as what it is: the membership ended.
   */
  let membershipEnded = false;
  /** The open stream was closed by `recheck()`: its end says nothing about the Cloud. */
  let rechecking = false;
  /** A refused stream was logged (once per spell, then at debug level). */
  let refusalLogged = false;

  function enqueue(work: () => Promise<void>): void {
    queue = queue.then(work).catch((error: unknown) => {
      logger.error({ err: error }, "handling an event failed");
    });
  }

  function halt(given: Offline | null): void {
    if (halted) return;
    halted = true;
    const offline: Offline | null =
      given && membershipEnded && given.reason !== "protocol-unsupported"
        ? {
            reason: "membership-removed",
            detail: "This account is no longer a member of the workspace",
            error: new CloudError("NOT_FOUND", "This account is no longer a member of the workspace"),
          }
        : given;
    connection?.close("link stopped");
    wake?.();
    if (offline) {
      status.set({
        status: "offline",
        reason: offline.reason,
        detail: offline.detail,
        lastError: { code: offline.error.code, message: offline.error.message, at: isoNow() },
        nextRetryAt: null,
      });
      logger.warn({ reason: offline.reason, code: offline.error.code }, "cloud link offline");
    }
    deps.onHalt(offline?.error ?? null);
  }

  async function connectOnce(): Promise<{ end: StreamEnd; token: string } | { error: CloudError } | null> {
    let token: string;
    try {
      token = await deps.tokens.accessToken();
    } catch (error) {
      return { error: errorFromFailedRequest(error, "sign-in") };
    }
    const lastSeq = await deps.position.load().catch((error: unknown) => {
      logger.error({ err: error }, "reading the event position failed; starting from now");
      return undefined;
    });
    if (halted) return null;
    connection = openEventConnection({
      url: deps.eventsUrl,
      openSocket: deps.openSocket,
      token,
      workspaceId: deps.workspaceId,
      ...(lastSeq === undefined ? {} : { lastSeq }),
      timers,
      handshakeTimeoutMs: deps.handshakeTimeoutMs,
      onWelcome(frame) {
        failures = 0;
        refusalLogged = false;
        status.set({ status: "connected", since: isoNow() });
        logger.info({ seq: frame.seq, resumeFrom: lastSeq ?? null }, "cloud event stream connected");
        // The first connection ever starts from now; remember where "now" was.
        if (lastSeq === undefined) enqueue(() => deps.position.save(frame.seq));
        deps.onWelcome(frame);
      },
      onEvent(frame) {
        if (isOwnRemoval(frame, deps.accountUserId)) membershipEnded = true;
        enqueue(async () => {
          deps.onEvent(frame);
          await deps.position.save(frame.seq);
        });
      },
      onResync(frame) {
        logger.warn(
          { seq: frame.seq, oldestRetainedSeq: frame.oldestRetainedSeq },
          "events were skipped; resyncing",
        );
        enqueue(async () => {
          deps.onResync(frame);
          await deps.position.reset(frame.seq);
        });
      },
    });
    const end = await connection.ended;
    connection = null;
    return { end, token };
  }

  /** Waits `delayMs`, or less when `recheck()` or `stop()` wakes the loop. */
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

  async function waitToRetry(lastError: LinkError): Promise<void> {
    const delay = backoffDelay(failures, deps.backoff, deps.random);
    const nextRetryAt = new Date(timers.now() + delay).toISOString();
    if (failures >= deps.unreachableAfterAttempts && deps.apiAnswering()) {
      // The Cloud answers its API; only the stream's host cannot be reached. Sync and assignments go on by
      // polling (see the link), so this is not the Cloud being away.
      status.set({
        status: "offline",
        reason: "live-updates-unavailable",
        detail: `the event stream cannot connect (${lastError.message}); configuration and assignments arrive at the next sync`,
        lastError,
        nextRetryAt,
      });
    } else if (failures >= deps.unreachableAfterAttempts) {
      status.set({
        status: "offline",
        reason: "cloud-unreachable",
        detail: `no connection to the Cloud after ${failures} attempts: ${lastError.message}`,
        lastError,
        nextRetryAt,
      });
    } else {
      status.set({ status: "reconnecting", attempt: failures, nextRetryAt, lastError });
    }
    logger.info(
      { attempt: failures, delayMs: delay, code: lastError.code },
      "cloud event stream reconnecting",
    );
    await pause(delay);
  }

  /**
   * The egress guard refuses the Cloud API. Nothing is tried until that changes: the heartbeats (refused at
   * once, without a socket) notice the unblocking and `recheck()` wakes the loop; the pause only bounds the wait.
   */
  async function waitWhileApiRefused(refusal: EgressRefusal): Promise<void> {
    failures = 0;
    const current = status.get();
    if (current.status !== "offline" || current.reason !== "cloud-api-blocked") {
      status.set({
        status: "offline",
        reason: "cloud-api-blocked",
        detail: `${describeRefusal(refusal, "cloud-api")}; no sync and no task assignments until it is unblocked`,
        lastError: { code: "EGRESS_BLOCKED", message: refusal.message, at: isoNow() },
        nextRetryAt: null,
      });
    }
    await pause(deps.blockedRetryMs());
  }

  /**
   * The egress guard refused the event socket while the API works: live updates are unavailable and the link
   * polls. Trying again costs no socket, so it is not backed off, only paced; it is logged once per spell.
   */
  async function waitWhileStreamRefused(message: string): Promise<void> {
    failures = 0;
    const refusal = parseEgressRefusal(message);
    const delay = deps.blockedRetryMs();
    status.set({
      status: "offline",
      reason: "live-updates-unavailable",
      detail: `${describeRefusal(refusal, "cloud-events")}; configuration and assignments arrive at the next sync`,
      lastError: { code: "EGRESS_BLOCKED", message, at: isoNow() },
      nextRetryAt: new Date(timers.now() + delay).toISOString(),
    });
    const fields = { rowId: refusal.rowId ?? null, retryInMs: delay };
    if (refusalLogged) {
      logger.debug(fields, "cloud event stream still refused by the egress guard");
    } else {
      refusalLogged = true;
      logger.warn(
        fields,
        "live updates unavailable: the egress guard refuses the event stream; polling instead",
      );
    }
    await pause(delay);
  }

  async function run(): Promise<void> {
    status.set({ status: "connecting" });
    deps.onStart();
    while (!halted) {
      const apiRefusal = deps.apiRefusal();
      if (apiRefusal) {
        // An open stream would deliver work this gateway cannot act on, and show a link that is not there.
        await waitWhileApiRefused(apiRefusal);
        continue;
      }
      rechecking = false;
      const outcome = await connectOnce();
      if (halted || outcome === null) break;
      if (rechecking) continue;
      let lastError: LinkError;
      if ("error" in outcome) {
        const ended = deps.tokens.ended();
        if (ended) {
          halt(offlineForSession(ended));
          break;
        }
        // Signing in was refused by the guard: the API is blocked, which the next round shows.
        if (outcome.error.code === "EGRESS_BLOCKED" && deps.apiRefusal()) continue;
        lastError = { code: outcome.error.code, message: outcome.error.message, at: isoNow() };
      } else {
        const { end } = outcome;
        if (end.errorCode === "EGRESS_BLOCKED") {
          await waitWhileStreamRefused(end.reason);
          continue;
        }
        lastError = { code: end.errorCode ?? "UNAVAILABLE", message: end.reason, at: isoNow() };
        if (end.action === "stop") {
          halt(offlineForStop(end));
          break;
        }
        if (end.action === "reauthenticate") {
          await deps.tokens.expired(outcome.token).catch(() => undefined);
          const ended = deps.tokens.ended();
          if (ended) {
            halt(offlineForSession(ended));
            break;
          }
        }
      }
      failures += 1;
      await waitToRetry(lastError);
    }
    await queue;
  }

  return {
    start() {
      running ??= run().catch((error: unknown) => {
        // A bug, not a network condition: stop visibly rather than loop on it.
        logger.error({ err: error }, "the cloud link stopped unexpectedly");
        halt({
          reason: "stopped",
          detail: "stopped by an internal error",
          error: new CloudError("INTERNAL"),
        });
      });
    },
    async stop() {
      const wasRunning = !halted;
      halt(null);
      await running;
      await queue;
      // An offline reason (revoked, signed out) stays what the status shows.
      if (wasRunning) {
        status.set({
          status: "offline",
          reason: "stopped",
          detail: "stopped",
          lastError: null,
          nextRetryAt: null,
        });
      }
    },
    sessionEnded: (error) => halt(offlineForSession(error)),
    recheck() {
      if (halted) return;
      if (connection && deps.apiRefusal()) {
        rechecking = true;
        connection.close("the Cloud API is refused by the egress guard");
      }
      wake?.();
    },
  };
}
