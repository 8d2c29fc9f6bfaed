/*
 * The App's session with its gateway: one-time codes, sessions kept as hashes in a 0600 file, and the cookie
 * that carries them. The local API binds the routes and checks the cookie.
 */
export { type AppCodes, createAppCodes } from "./app-codes.ts";
export { appSessionCookie, appSessionIdOf, clearedAppSessionCookie } from "./app-session-cookie.ts";
export { AppSessionError } from "./app-session-error.ts";
export {
  APP_SESSION_LIFETIME_SECONDS,
  type AppSessions,
  createAppSessions,
  type OpenedAppSession,
  openAppSessions,
} from "./app-sessions.ts";
