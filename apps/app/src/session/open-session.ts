import { gateway } from "../api/clients.ts";

/** What the page knows of its session with the gateway when it starts. */
export type PageSession = { state: "open" } | { state: "missing"; reason: string };

/**
 * Opens the App's session: a `#code=…` in the address (put there by `multiclaw app` or `npm start`) is taken
 * out of the address bar and history first, then exchanged once for the session cookie. Without a code, the
 * cookie of an earlier exchange is tried. A code that was already used or has expired says so.
 */
export async function openPageSession(): Promise<PageSession> {
  const code = new URLSearchParams(window.location.hash.slice(1)).get("code");
  if (code) {
    // Out of the address bar and history before anything else, so the code is never kept or shown again.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    try {
      await gateway.openAppSession({ code });
      return { state: "open" };
    } catch {
      // A used or expired code: an earlier session cookie may still be good (a reload of an old link).
    }
  }
  try {
    await gateway.status();
    return { state: "open" };
  } catch {
    return {
      state: "missing",
      reason: code
        ? "This link was already used or has expired."
        : "This window is not signed in to your gateway.",
    };
  }
}
