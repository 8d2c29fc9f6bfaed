import { APP_CODE_LIFETIME_SECONDS } from "@multiclaw/protocol";
import { hashOfAppSecret, newAppSecret } from "./app-secret.ts";

export interface AppCodes {
  /** A new one-time code; the oldest outstanding one is dropped when there are already `maxOutstanding`. */
  issue(): { code: string; expiresAt: number };
  /** Whether `code` was issued, is unused and unexpired; a code is consumed by its first redemption. */
  redeem(code: string): boolean;
}

export interface AppCodesDeps {
  now(): number;
  /** Codes waiting at once; a handful, since each is a door into the gateway until used or expired. */
  maxOutstanding?: number;
  lifetimeSeconds?: number;
}

const DEFAULT_MAX_OUTSTANDING = 5;

/**
 * One-time codes that open the App (`multiclaw app` asks for one and puts it in the link). Kept in memory only,
 * by hash: a code lives two minutes, so a restart simply asks for a new one.
 *
 * @example
 * const codes = createAppCodes({ now: Date.now });
 * const { code } = codes.issue();
 * codes.redeem(code); // true, and never again
 */
export function createAppCodes(deps: AppCodesDeps): AppCodes {
  const maxOutstanding = deps.maxOutstanding ?? DEFAULT_MAX_OUTSTANDING;
  const lifetimeMs = (deps.lifetimeSeconds ?? APP_CODE_LIFETIME_SECONDS) * 1000;
  // Insertion order is issue order, so the first key is the oldest code.
  const outstanding = new Map<string, number>();

  function dropExpired(now: number): void {
    for (const [hash, expiresAt] of outstanding) if (expiresAt <= now) outstanding.delete(hash);
  }

  return {
    issue() {
      const now = deps.now();
      dropExpired(now);
      while (outstanding.size >= maxOutstanding) {
        const oldest = outstanding.keys().next().value;
        if (oldest === undefined) break;
        outstanding.delete(oldest);
      }
      const code = newAppSecret();
      const expiresAt = now + lifetimeMs;
      outstanding.set(hashOfAppSecret(code), expiresAt);
      return { code, expiresAt };
    },
    redeem(code) {
      const hash = hashOfAppSecret(code);
      const expiresAt = outstanding.get(hash);
      outstanding.delete(hash);
      return expiresAt !== undefined && expiresAt > deps.now();
    },
  };
}
