import { z } from "zod";

/*
 * The App's session with its gateway. The App is a page the gateway serves on its own loopback origin; it holds
 * no token. `multiclaw app` (or `npm start`) asks the gateway for a one-time code with the API token and opens
 * `<gateway origin>/#code=<code>`; the page exchanges the code once for an HttpOnly, SameSite=Strict cookie of
 * that origin and removes it from the address bar. A copied link is useless once used or after it expires; a
 * reload keeps the cookie.
 */

/** The cookie that carries the App's session; HttpOnly, SameSite=Strict, Path=/. */
export const APP_SESSION_COOKIE = "multiclaw_app_session";

/** How long a one-time code may wait to be exchanged. */
export const APP_CODE_LIFETIME_SECONDS = 120;

/** 32 random bytes, base64url without padding (codes and session ids alike). */
export const AppSecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a code this gateway issued");

export const AppCode = z.object({
  /** One use, within `expiresAt`. */
  code: AppSecret,
  /** The link that opens the App with the code: `<gateway origin>/#code=<code>`. */
  url: z.url(),
  expiresAt: z.iso.datetime(),
});
export type AppCode = z.infer<typeof AppCode>;

export const OpenAppSessionRequest = z.strictObject({ code: AppSecret });
export type OpenAppSessionRequest = z.infer<typeof OpenAppSessionRequest>;

export const AppSession = z.object({
  /** When the session ends unless used; each use moves it on. */
  expiresAt: z.iso.datetime(),
});
export type AppSession = z.infer<typeof AppSession>;
