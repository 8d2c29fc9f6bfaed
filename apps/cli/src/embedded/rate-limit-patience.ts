import { setTimeout as delay } from "node:timers/promises";
import { CloudError, isCloudError } from "@multiclaw/cloud-client";

/*
 * The embedded Cloud sees every process of this machine as one client address, so a busy or hostile neighbour
 * can spend the sign-in budget the start needs. The Cloud says how long to wait (Retry-After); the start waits
 * that long and tries again instead of failing, up to a total it is willing to spend.
 */

/** Waited when a refusal names no time (a proxy in between may drop Retry-After). */
const FALLBACK_WAIT_SECONDS = 5;

export interface RateLimitPatienceOptions {
  /** Tells the user, in one line, that the start waits and why. */
  note(text: string): void;
  /** How long, in all, the start may wait out rate limits before it gives up. */
  totalWaitMs: number;
  signal?: AbortSignal | undefined;
  /** Waits `ms`; rejects when `signal` aborts. A timer by default. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export interface RateLimitPatience {
  /**
   * Runs `attempt`; while it fails with RATE_LIMITED and the total wait allows, waits as the Cloud says and runs
   * it again. Any other error or an abort is thrown as is; a wait beyond the total, as RATE_LIMITED saying so.
   *
   * @example
   * const owner = await patience.retry("create the local owner account", () => cloud.call("signUp", { body }));
   */
  retry<T>(what: string, attempt: () => Promise<T>): Promise<T>;
  /** Waits out one RATE_LIMITED refusal before `what` is tried again, or throws it when the total is spent. */
  waitOut(refusal: CloudError, what: string): Promise<void>;
}

/** Waits `ms`; an abort of `signal` rejects with the signal's reason (Ctrl-C's, say), not a generic AbortError. */
export async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

function isRateLimited(error: unknown): error is CloudError {
  return isCloudError(error) && error.code === "RATE_LIMITED";
}

export function createRateLimitPatience(options: RateLimitPatienceOptions): RateLimitPatience {
  const sleep = options.sleep ?? sleepUnlessAborted;
  let waitedMs = 0;

  const waitOut = async (refusal: CloudError, what: string): Promise<void> => {
    const seconds = Math.max(1, refusal.retryAfterSeconds ?? FALLBACK_WAIT_SECONDS);
    if (waitedMs + seconds * 1000 > options.totalWaitMs) {
      throw new CloudError(
        "RATE_LIMITED",
        `Could not ${what}: the Cloud still refuses this machine (too many attempts from its address) after ` +
          `waiting ${Math.round(waitedMs / 1000)} s; try again in ${seconds} s`,
        { status: refusal.status, retryAfterSeconds: seconds, cause: refusal },
      );
    }
    options.note(
      `The Cloud is rate limiting this machine (too many attempts from its address); waiting ${seconds} s ` +
        `before trying to ${what} again.\n`,
    );
    await sleep(seconds * 1000, options.signal);
    waitedMs += seconds * 1000;
  };

  return {
    waitOut,
    async retry(what, attempt) {
      for (;;) {
        options.signal?.throwIfAborted();
        try {
          return await attempt();
        } catch (error) {
          if (!isRateLimited(error)) throw error;
          await waitOut(error, what);
        }
      }
    },
  };
}
