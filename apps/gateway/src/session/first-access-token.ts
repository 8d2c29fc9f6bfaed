import type { RefreshingTokenSource } from "@multiclaw/cloud-client";

/** An access token in hand (from a sign-in), good until `refreshAt` on this machine's clock. */
export interface AccessTokenInHand {
  token: string;
  refreshAt: number;
}

const MAX_MARGIN_MS = 60_000;

/**
 * When to stop using an access token: its expiry on this machine's clock (corrected by the Cloud's `Date`
 * header), less a fifth of its lifetime, at most a minute — the margin the refreshing token source uses.
 */
export function refreshTimeOf(expiresAt: string, serverDate: string | null, receivedAt: number): number {
  const server = Date.parse(serverDate ?? "");
  const skew = Number.isNaN(server) ? 0 : server - receivedAt;
  const expiresLocally = Date.parse(expiresAt) - skew;
  const lifetime = Math.max(0, expiresLocally - receivedAt);
  return expiresLocally - Math.min(MAX_MARGIN_MS, lifetime / 5);
}

/**
 * A refreshing token source that first hands out the access token a sign-in already gave, so signing in does
 * not cost a refresh (each one rotates the refresh token and counts against the Cloud's sign-in rate limit).
 * Once that token is due, or the Cloud calls it expired, the source refreshes as usual.
 */
export function startingWith(
  source: RefreshingTokenSource,
  first: AccessTokenInHand,
  now: () => number = Date.now,
): RefreshingTokenSource {
  let inHand: AccessTokenInHand | null = first;
  return {
    ended: () => source.ended(),
    refreshToken: () => source.refreshToken(),
    end(error) {
      inHand = null;
      source.end(error);
    },
    async accessToken() {
      if (inHand && now() < inHand.refreshAt && !source.ended()) return inHand.token;
      inHand = null;
      return source.accessToken();
    },
    // The source has no access token of its own yet, so it refreshes (once, for concurrent callers).
    async expired(token) {
      inHand = null;
      return source.expired(token);
    },
  };
}
