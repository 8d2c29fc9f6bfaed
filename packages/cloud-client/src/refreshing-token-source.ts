import type { ErrorCode } from "@multiclaw/protocol";
import type { CloudClient } from "./cloud-client.ts";
import { CloudError, isCloudError } from "./cloud-error.ts";
import type { CloudExchange } from "./route-types.ts";
import type { TokenSource } from "./token-source.ts";

export interface RefreshingTokenSourceOptions {
  /** Used for the `refresh` route only (it needs no access token). */
  client: CloudClient;
  /** The refresh token to start from: the device credential, or a sign-in's. */
  refreshToken: string;
  /**
   * Keeps a new refresh token (the device credential file). Awaited BEFORE the token is ever presented: the
   * Cloud rotates the refresh token on every use and revokes the whole session when a used one comes back,
   * so the copy on disk must never fall behind the one in use.
   */
  persistRefreshToken(token: string): Promise<void>;
  /** Milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
  /** Refresh this long before expiry; by default a fifth of the token's lifetime, at most a minute. */
  refreshMarginMs?: number;
}

/** A token source that can also tell when its session is over and give up its refresh token for sign-out. */
export interface RefreshingTokenSource extends TokenSource {
  /** The error that ended the session (revoked, reused, expired), or null while it lives. */
  ended(): CloudError | null;
  /** The current refresh token, for signing out. */
  refreshToken(): string;
  /** Drops the access token and refuses all further use with `error` (after a sign-out). */
  end(error: CloudError): void;
}

/** Refresh answers after which signing in again is the only way on. */
const sessionEndingCodes: ReadonlySet<ErrorCode> = new Set([
  "AUTH_INVALID",
  "AUTH_EXPIRED",
  "AUTH_REQUIRED",
  "REFRESH_REUSED",
  "INSTANCE_REVOKED",
]);

const MAX_MARGIN_MS = 60_000;

interface AccessToken {
  value: string;
  /** Local time after which it is refreshed before use. */
  refreshAt: number;
}

/**
 * Keeps an access token in memory and refreshes it before it expires (and once when the Cloud says it has),
 * rotating the refresh token. Refreshes are single-flight: concurrent callers share one, because presenting a
 * refresh token twice would end the session. The Cloud's `Date` header corrects for a local clock that is off.
 *
 * @example
 * const tokens = createRefreshingTokenSource({
 *   client: createCloudClient({ baseUrl, fetch }),
 *   refreshToken: credential.refreshToken,
 *   persistRefreshToken: (token) => store.updateRefreshToken(token),
 * });
 * const cloud = createCloudClient({ baseUrl, fetch, auth: tokens });
 */
export function createRefreshingTokenSource(options: RefreshingTokenSourceOptions): RefreshingTokenSource {
  const now = options.now ?? Date.now;
  let refreshToken = options.refreshToken;
  /** A rotated refresh token that could not be saved yet; saved before anything else happens. */
  let unsaved: string | null = null;
  let access: AccessToken | null = null;
  let inFlight: Promise<string> | null = null;
  let endedBy: CloudError | null = null;

  async function saveRotated(): Promise<void> {
    const token = unsaved;
    if (token === null) return;
    await options.persistRefreshToken(token);
    if (unsaved === token) unsaved = null;
  }

  async function refresh(): Promise<string> {
    if (endedBy) throw endedBy;
    await saveRotated();
    const presented = refreshToken;
    let answer: CloudExchange<"refresh">;
    try {
      answer = await options.client.exchange("refresh", { body: { refreshToken: presented } });
    } catch (error) {
      if (isCloudError(error) && error.status !== null && sessionEndingCodes.has(error.code)) {
        endedBy = error;
        access = null;
      }
      throw error;
    }
    if (!answer.body) throw new CloudError("INTERNAL", "refresh: the Cloud answered without tokens");
    const tokens = answer.body.tokens;
    // The presented token is spent now: from here on only the new one is good, in memory first.
    refreshToken = tokens.refreshToken;
    unsaved = tokens.refreshToken;
    access = {
      value: tokens.accessToken,
      refreshAt: refreshTime(tokens.accessTokenExpiresAt, answer.headers),
    };
    await saveRotated();
    return tokens.accessToken;
  }

  function refreshTime(expiresAt: string, headers: Headers): number {
    const received = now();
    const serverDate = Date.parse(headers.get("date") ?? "");
    const skew = Number.isNaN(serverDate) ? 0 : serverDate - received;
    const expiresLocally = Date.parse(expiresAt) - skew;
    const lifetime = Math.max(0, expiresLocally - received);
    const margin = options.refreshMarginMs ?? Math.min(MAX_MARGIN_MS, lifetime / 5);
    return expiresLocally - margin;
  }

  function refreshOnce(): Promise<string> {
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    async accessToken() {
      if (endedBy) throw endedBy;
      if (unsaved !== null) await saveRotated();
      if (inFlight) return inFlight;
      if (access && now() < access.refreshAt) return access.value;
      return refreshOnce();
    },
    async expired(token) {
      if (endedBy) throw endedBy;
      if (inFlight) return inFlight;
      if (access && access.value !== token) return access.value;
      access = null;
      return refreshOnce();
    },
    ended: () => endedBy,
    refreshToken: () => refreshToken,
    end(error) {
      endedBy = error;
      access = null;
    },
  };
}
