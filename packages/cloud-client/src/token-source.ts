/**
 * Where a client gets its access token. The client asks before each authenticated call, and tells the source
 * once when the Cloud answers AUTH_EXPIRED, then retries that call once with what the source returns.
 */
export interface TokenSource {
  /** A current access token, refreshed first if it is about to expire. */
  accessToken(): Promise<string>;
  /**
   * The Cloud refused `token` as expired: return a fresh one. Concurrent callers that saw the same token share
   * one refresh; a caller whose token was already replaced gets the replacement without another refresh.
   */
  expired(token: string): Promise<string>;
}

/** A fixed token, for a caller that manages tokens itself (tests, the Cloud's web page). */
export function staticTokenSource(token: string): TokenSource {
  return {
    accessToken: async () => token,
    expired: async () => token,
  };
}
