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
 * may call only from an allowed origin: with an Origin header it must be one, and a cross-site request without
 * one (a no-cors fetch, an image) is refused as well.
 */
export function refusalOf(headers: GuardedHeaders, settings: RequestGuardSettings): LocalApiError | null {
  const port = settings.port();
  const host = headers.host?.toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return new LocalApiError("HOST_FORBIDDEN", `Host must be 127.0.0.1:${port} or localhost:${port}`);
  }
  if (headers.origin !== undefined) {
    if (!settings.allowedOrigins.includes(headers.origin)) {
      return new LocalApiError("HOST_FORBIDDEN", "Pages from this origin may not use the gateway's API");
    }
  } else if (headers.secFetchSite === "cross-site") {
    return new LocalApiError("HOST_FORBIDDEN", "Cross-site requests may not use the gateway's API");
  }
  return null;
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
