import { APP_SESSION_COOKIE } from "@multiclaw/protocol";
import { parseCookie, stringifySetCookie } from "cookie";
import { APP_SESSION_LIFETIME_SECONDS } from "./app-sessions.ts";

/*
 * The App's session cookie. HttpOnly: no script of the page (or injected into it) can read it. SameSite=Strict:
 * no other site's page makes the browser send it. Path=/: the page, the API and the stream share it. No Secure:
 * the gateway speaks plain HTTP on loopback, where browsers would otherwise refuse to store it.
 */

/** The `Set-Cookie` value that gives the page its session. */
export function appSessionCookie(sessionId: string): string {
  return stringifySetCookie({
    name: APP_SESSION_COOKIE,
    value: sessionId,
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: APP_SESSION_LIFETIME_SECONDS,
  });
}

/** The `Set-Cookie` value that makes the browser forget the session. */
export function clearedAppSessionCookie(): string {
  return stringifySetCookie({
    name: APP_SESSION_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: 0,
    expires: new Date(0),
  });
}

/** The session id a request's `Cookie` header carries, if any. */
export function appSessionIdOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const value = parseCookie(cookieHeader)[APP_SESSION_COOKIE];
  return value === undefined || value === "" ? undefined : value;
}
