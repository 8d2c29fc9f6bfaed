import type { IncomingMessage } from "node:http";
import { type AppSessions, appSessionIdOf } from "../app-session/index.ts";
import { LocalApiError } from "./local-api-error.ts";
import { bearerTokenOf, comesFromOwnOrigin, guardedHeadersOf } from "./request-guard.ts";

/** How a caller proved it may use the API: the token from the 0600 file, or the App's session cookie. */
export type RequestAuth = { kind: "token" } | { kind: "app-session"; sessionId: string };

export interface RequestAuthenticator {
  /** How the request authenticates; throws AUTH_REQUIRED, AUTH_INVALID or HOST_FORBIDDEN when it does not. */
  authenticate(request: IncomingMessage): RequestAuth;
  /** The App's session a request's cookie carries, when it is valid and comes from the gateway's own page. */
  appSessionOf(request: IncomingMessage): string | null;
}

/**
 * Either credential opens every route that needs one. A bearer header decides on its own (a wrong token is
 * refused, not retried with a cookie). The cookie counts only from the gateway's own page: SameSite keeps other
 * sites from sending it, but a page on another loopback port is the same site and its browser would send it.
 * Each use moves the session's end on.
 */
export function createRequestAuthenticator(deps: {
  acceptsToken(token: string): boolean;
  sessions: AppSessions;
}): RequestAuthenticator {
  function sessionIdOf(request: IncomingMessage): string | undefined {
    const cookie = request.headers.cookie;
    return appSessionIdOf(Array.isArray(cookie) ? cookie.join("; ") : cookie);
  }

  return {
    authenticate(request) {
      const authorization = request.headers.authorization;
      const sessionId = authorization === undefined ? sessionIdOf(request) : undefined;
      if (sessionId === undefined) {
        if (!deps.acceptsToken(bearerTokenOf(authorization))) {
          throw new LocalApiError("AUTH_INVALID", "The API token is not this gateway's");
        }
        return { kind: "token" };
      }
      if (!comesFromOwnOrigin(guardedHeadersOf(request))) {
        throw new LocalApiError("HOST_FORBIDDEN", "The App's session works only on the gateway's own page");
      }
      if (deps.sessions.touch(sessionId) === null) {
        throw new LocalApiError(
          "AUTH_INVALID",
          "The App's session has ended; open the App again with `multiclaw app`",
        );
      }
      return { kind: "app-session", sessionId };
    },
    appSessionOf(request) {
      const sessionId = sessionIdOf(request);
      if (sessionId === undefined || !comesFromOwnOrigin(guardedHeadersOf(request))) return null;
      return deps.sessions.touch(sessionId) === null ? null : sessionId;
    },
  };
}
