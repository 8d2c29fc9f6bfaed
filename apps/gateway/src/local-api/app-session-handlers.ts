import {
  type AppSessions,
  appSessionCookie,
  appSessionIdOf,
  clearedAppSessionCookie,
} from "../app-session/index.ts";
import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import { LocalApiError } from "./local-api-error.ts";
import { comesFromOwnOrigin, guardedHeadersOf } from "./request-guard.ts";

/**
 * The App's session: a one-time code for `multiclaw app` (with the token), its exchange for the session cookie
 * (by the page the link opened), and the page signing itself out.
 */
export function bindAppSessionHandlers(
  binder: GatewayRouteBinder,
  deps: {
    sessions: AppSessions;
    port(): number;
    /** Ends what the session still holds open (its run-event connections). */
    sessionEnded(sessionId: string): void;
  },
): void {
  binder.bind("createAppCode", async () => {
    const { code, expiresAt } = deps.sessions.issueCode();
    // The code rides in the fragment: it never reaches a server log or a Referer, and the page removes it.
    return {
      code,
      url: `http://127.0.0.1:${deps.port()}/#code=${code}`,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  });

  binder.bind("openAppSession", async ({ body }, { request, setCookie }) => {
    // Only the page the link opened may take the cookie: no other page can fix a session of its choosing.
    if (!comesFromOwnOrigin(guardedHeadersOf(request))) {
      throw new LocalApiError("HOST_FORBIDDEN", "Only the gateway's own page may exchange an App code");
    }
    const session = await deps.sessions.open(body.code);
    setCookie(appSessionCookie(session.sessionId));
    return { expiresAt: new Date(session.expiresAt).toISOString() };
  });

  binder.bind("closeAppSession", async (_input, { auth, request, setCookie }) => {
    const sessionId = auth?.kind === "app-session" ? auth.sessionId : appSessionIdOf(request.headers.cookie);
    if (sessionId !== undefined) {
      await deps.sessions.close(sessionId);
      deps.sessionEnded(sessionId);
    }
    setCookie(clearedAppSessionCookie());
    return undefined;
  });
}
