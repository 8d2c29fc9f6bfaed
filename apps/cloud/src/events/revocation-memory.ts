import type { CloseReason } from "./close-reasons.ts";

/**
 * Recent revocations (a member removed, an instance or session revoked), remembered for a short while. A
 * handshake whose checks were running when one was published finds no connection to close yet; it looks here
 * once its checks pass, so the revocation still applies to it.
 */
export interface RevocationMemory {
  remember(key: string, at: number, reason: CloseReason): void;
  /** The reason of a revocation of any of `keys` recorded at or after `since`, else null. */
  revokedSince(since: number, keys: readonly (string | null)[]): CloseReason | null;
  forgetBefore(at: number): void;
}

export function createRevocationMemory(): RevocationMemory {
  const entries = new Map<string, { at: number; reason: CloseReason }>();
  return {
    remember(key, at, reason) {
      entries.set(key, { at, reason });
    },
    revokedSince(since, keys) {
      for (const key of keys) {
        const entry = key === null ? undefined : entries.get(key);
        if (entry && entry.at >= since) return entry.reason;
      }
      return null;
    },
    forgetBefore(at) {
      for (const [key, entry] of entries) if (entry.at < at) entries.delete(key);
    },
  };
}
