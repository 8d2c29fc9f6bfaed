import { EgressBlockedError } from "@multiclaw/egress/node";
import { createExpiringCache } from "../link-previews/expiring-cache.ts";
import { privateHostReason } from "../link-previews/shareable-host.ts";
import { type FaviconContentType, imageTypeOf, isAcceptedDeclaredType } from "./favicon-image-type.ts";

/*
 * Favicons for the chat, fetched by the gateway (row `favicon`) and served to the page from the gateway's own
 * origin. Were the page to load the icon from the service itself, the browser would send the user's cookies for
 * the service's site, and the guard could neither refuse nor record the connection. The service gets the domain
 * and the icon size, nothing else: no path, no cookie, no referrer.
 */

export type FaviconAnswer =
  | { found: true; contentType: FaviconContentType; bytes: Uint8Array }
  | { found: false; reason: "blocked" | "private-address" | "not-found" | "failed"; message: string };

export interface Favicons {
  /** Never throws: no icon is an answer. */
  icon(domain: string): Promise<FaviconAnswer>;
}

export interface FaviconLimits {
  /** The icon size asked for, in CSS pixels (`sz`). */
  size: number;
  /** Larger answers are refused: a 32-pixel icon is a few KiB. */
  maxIconBytes: number;
  maxEntries: number;
  /** All cached icons together. */
  maxCachedBytes: number;
  foundTtlMs: number;
  notFoundTtlMs: number;
  failedTtlMs: number;
  timeoutMs: number;
}

const HOUR_MS = 60 * 60 * 1000;
export const defaultFaviconLimits: FaviconLimits = {
  size: 32,
  maxIconBytes: 64 * 1024,
  maxEntries: 500,
  maxCachedBytes: 4 * 1024 * 1024,
  foundTtlMs: 24 * HOUR_MS,
  notFoundTtlMs: 24 * HOUR_MS,
  failedTtlMs: 5 * 60 * 1000,
  timeoutMs: 10_000,
};

export interface FaviconsDeps {
  /** The service's URL; the domain and size go in its query (Google's s2 shape). */
  endpoint: string;
  /** A fetch whose every connection goes through the egress guard. */
  fetch: typeof globalThis.fetch;
  /** Whether the user blocked `favicon`. */
  isBlocked(): boolean;
  /** Opens the row for one fetch (the egress's row windows); returns the close. */
  openRow(): () => void;
  now(): number;
  onFailure?(domain: string, error: unknown): void;
  limits?: Partial<FaviconLimits>;
}

const BLOCKED_MESSAGE = "You blocked favicons (multiclaw connections unblock favicon)";

class IconTooLarge extends Error {}

/** Whether the guard refused the row itself (the user blocked it); any other refusal is a failure. */
function refusedByGuard(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof EgressBlockedError) return cause.rowId === "favicon";
  }
  return false;
}

/** The body, or IconTooLarge as soon as it passes `max` bytes (the rest is not read). */
async function boundedBytes(response: Response, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > max) throw new IconTooLarge();
      chunks.push(chunk);
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * @example
 * const favicons = createFavicons({ endpoint, fetch: guardedDispatchFetch, isBlocked, openRow, now: Date.now });
 * const answer = await favicons.icon("example.com"); // { found: true, contentType: "image/png", bytes }
 */
export function createFavicons(deps: FaviconsDeps): Favicons {
  const limits = { ...defaultFaviconLimits, ...deps.limits };
  const cache = createExpiringCache<FaviconAnswer>({
    maxEntries: limits.maxEntries,
    maxWeight: limits.maxCachedBytes,
    now: deps.now,
  });
  const inFlight = new Map<string, Promise<FaviconAnswer>>();

  function remember(domain: string, answer: FaviconAnswer, ttlMs: number): FaviconAnswer {
    cache.set(domain, answer, ttlMs, answer.found ? answer.bytes.byteLength : 0);
    return answer;
  }

  async function fetchIcon(domain: string): Promise<FaviconAnswer> {
    const url = new URL(deps.endpoint);
    url.search = new URLSearchParams({ domain, sz: String(limits.size) }).toString();
    const closeRow = deps.openRow();
    try {
      const response = await deps.fetch(url.href, {
        headers: { accept: "image/*" },
        // A redirect is answered as it is, never followed: where it points is not in the connection inventory.
        redirect: "manual",
        signal: AbortSignal.timeout(limits.timeoutMs),
      });
      if (response.status !== 200) {
        // The service answers a domain without an icon with a 404 and a generic globe: no icon, not that globe.
        await boundedBytes(response, limits.maxIconBytes).catch(() => undefined);
        return remember(
          domain,
          { found: false, reason: "not-found", message: "No icon" },
          limits.notFoundTtlMs,
        );
      }
      const declared = response.headers.get("content-type");
      const bytes = await boundedBytes(response, limits.maxIconBytes);
      const contentType = isAcceptedDeclaredType(declared) ? imageTypeOf(bytes) : undefined;
      if (!contentType) {
        const message = `The icon is not a PNG, GIF, JPEG, WebP or ICO image (${declared ?? "no type"})`;
        return remember(domain, { found: false, reason: "not-found", message }, limits.notFoundTtlMs);
      }
      return remember(domain, { found: true, contentType, bytes }, limits.foundTtlMs);
    } catch (error) {
      if (error instanceof IconTooLarge) {
        const message = `The icon is larger than ${limits.maxIconBytes} bytes`;
        return remember(domain, { found: false, reason: "not-found", message }, limits.notFoundTtlMs);
      }
      // Blocked while under way: not remembered, so unblocking brings icons back at once.
      if (refusedByGuard(error)) return { found: false, reason: "blocked", message: BLOCKED_MESSAGE };
      deps.onFailure?.(domain, error);
      const message = "The favicon service did not answer";
      return remember(domain, { found: false, reason: "failed", message }, limits.failedTtlMs);
    } finally {
      closeRow();
    }
  }

  return {
    async icon(requested) {
      const domain = requested.toLowerCase().replace(/\.$/, "");
      const privateReason = privateHostReason(domain);
      if (privateReason) {
        return { found: false, reason: "private-address", message: `Not sent for an icon: ${privateReason}` };
      }
      if (deps.isBlocked()) return { found: false, reason: "blocked", message: BLOCKED_MESSAGE };
      const cached = cache.get(domain);
      if (cached) return cached;
      let pending = inFlight.get(domain);
      if (!pending) {
        pending = fetchIcon(domain).finally(() => inFlight.delete(domain));
        inFlight.set(domain, pending);
      }
      return pending;
    },
  };
}
