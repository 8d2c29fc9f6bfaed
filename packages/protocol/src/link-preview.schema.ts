import { z } from "zod";

/*
 * Link title previews and favicons for the chat, both fetched by the gateway under its egress guard (rows
 * `link-preview` and `favicon`): the page never contacts the preview or favicon service itself, so the guard can
 * refuse what the user blocked and the ledger shows every connection.
 */

/** The longest URL the gateway will ask a preview for; chat links longer than this get none. */
export const LINK_PREVIEW_URL_MAX_LENGTH = 2048;

export const LinkPreviewQuery = z.strictObject({
  /** The link as it appears in the message (http or https). */
  url: z.string().min(1).max(LINK_PREVIEW_URL_MAX_LENGTH),
});
export type LinkPreviewQuery = z.infer<typeof LinkPreviewQuery>;

/**
 * Why a link has no preview:
 * - `blocked`: the user blocked the `link-preview` row (no connection was attempted);
 * - `private-address`: the link names this machine or a private network (loopback, RFC 1918, link-local, ULA,
 *   CGNAT, a single-label or local-only name), which is never sent out;
 * - `unsupported-url`: not an http(s) URL, or one carrying a user name or password;
 * - `not-found`: the service answered but found no title;
 * - `node-version`: the preview client needs a newer Node than the gateway runs on (decision 0010);
 * - `failed`: the service could not be reached or answered with an error (tried again after a few minutes).
 */
export const LinkPreviewUnavailableReason = z.enum([
  "blocked",
  "private-address",
  "unsupported-url",
  "not-found",
  "node-version",
  "failed",
]);
export type LinkPreviewUnavailableReason = z.infer<typeof LinkPreviewUnavailableReason>;

export const LinkPreview = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("ready"),
    /** The link asked about, as the gateway read it. */
    url: z.string(),
    title: z.string(),
    description: z.string().optional(),
    siteName: z.string().optional(),
  }),
  z.object({
    state: z.literal("unavailable"),
    url: z.string(),
    reason: LinkPreviewUnavailableReason,
    /** Why, in words a user can act on ("needs Node 24 (this is 20.20.2)"). */
    message: z.string(),
  }),
]);
export type LinkPreview = z.infer<typeof LinkPreview>;

/**
 * Favicons are served as image bytes from the gateway's own origin, `GET /v1/favicons/<domain>` (a PNG, GIF,
 * JPEG, WebP or ICO, never SVG), or a 404 problem when there is none or the `favicon` row is blocked. Not in the
 * JSON route table: an `<img>` reads it, not the typed client.
 */
export const GATEWAY_FAVICON_PATH = "/v1/favicons";

/** A domain as the favicon route takes it: the host of a URL (`new URL(link).hostname`), lower case. */
export const FaviconDomain = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/, "must be a domain name such as example.com");

/**
 * The path of a domain's favicon on the gateway's origin.
 *
 * @example
 * faviconPath(new URL("https://Example.com/a?b").hostname) // "/v1/favicons/example.com"
 */
export function faviconPath(domain: string): string {
  return `${GATEWAY_FAVICON_PATH}/${encodeURIComponent(domain.toLowerCase())}`;
}
