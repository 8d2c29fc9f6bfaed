import type { IncomingMessage } from "node:http";
import { LocalApiError } from "./local-api-error.ts";

/** The headers the guard judges, as an HTTP request or a WebSocket upgrade carries them. */
export interface GuardedHeaders {
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export interface RequestGuardSettings {
  /** The port the API listens on (known once it is bound). */
  port(): number;
  /** Exact origins (`http://127.0.0.1:5173`) whose pages may call the API; none by default. */
  allowedOrigins: readonly string[];
}

/**
 * Why a request must be refused before anything else looks at it, or null. The Host must name this gateway on
 * loopback — a page that rebinds its own domain to 127.0.0.1 still sends its domain as Host — and a browser page
 * may call only from an allowed origin: the gateway's own (the App it serves, on the origin of the Host it was
 * asked by) or a configured one. With an Origin header it must be one of those, and a cross-site request
 * without one (a no-cors fetch, an image) is refused as well.
 */
export function refusalOf(headers: GuardedHeaders, settings: RequestGuardSettings): LocalApiError | null {
  const port = settings.port();
  const host = headers.host?.toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return new LocalApiError("HOST_FORBIDDEN", `Host must be 127.0.0.1:${port} or localhost:${port}`);
  }
  if (headers.origin !== undefined) {
    if (headers.origin !== `http://${host}` && !settings.allowedOrigins.includes(headers.origin)) {
      return new LocalApiError("HOST_FORBIDDEN", "Pages from this origin may not use the gateway's API");
    }
  } else if (headers.secFetchSite === "cross-site") {
    return new LocalApiError("HOST_FORBIDDEN", "Cross-site requests may not use the gateway's API");
  }
  return null;
}

/**
 * Whether the browser says the request comes from a page of the gateway's own origin, or from the user (a typed
 * address, a bookmark): its Origin is the origin of the Host it asked, or it has no Origin and its fetch
 * metadata say `same-origin` or `none`. A page on another loopback port is same-site, not same-origin, and does
 * not pass; neither does a client that sends neither header.
 */
export function comesFromOwnOrigin(headers: GuardedHeaders): boolean {
  const host = headers.host?.toLowerCase();
  if (host === undefined) return false;
  if (headers.origin !== undefined) return headers.origin === `http://${host}`;
  return headers.secFetchSite === "same-origin" || headers.secFetchSite === "none";
}

/** The headers the guard judges, read from a request or an upgrade. */
export function guardedHeadersOf(request: IncomingMessage): GuardedHeaders {
  const secFetchSite = request.headers["sec-fetch-site"];
  return {
    host: request.headers.host,
    origin: request.headers.origin,
    secFetchSite: Array.isArray(secFetchSite) ? secFetchSite[0] : secFetchSite,
  };
}

/** Normalises configured origins (`http://LOCALHOST:5173/` → `http://localhost:5173`) and refuses non-origins. */
export function normaliseOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    const url = new URL(origin);
    if (url.origin === "null" || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new Error(`${origin} is not an http(s) origin`);
    }
    return url.origin;
  });
}

/** `Authorization: Bearer <token>` → the token; AUTH_REQUIRED without the header, AUTH_INVALID when malformed. */
export function bearerTokenOf(header: string | undefined): string {
  if (!header) {
    throw new LocalApiError("AUTH_REQUIRED", "Send the gateway's API token as `Authorization: Bearer …`");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new LocalApiError("AUTH_INVALID", "The Authorization header must be `Bearer <token>`");
  return match[1];
}
