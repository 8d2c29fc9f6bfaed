import { EgressBlockedError } from "@multiclaw/egress/node";
import type { LinkPreview, LinkPreviewUnavailableReason } from "@multiclaw/protocol";
import { createExpiringCache } from "./expiring-cache.ts";
import type { PageSummary, PreviewClient } from "./microlink-client.ts";
import type { NodeGate } from "./node-engines-gate.ts";
import { privateHostReason } from "./shareable-host.ts";

/*
 * Link title previews for the chat, made by the gateway (row `link-preview`). What is checked here, before any
 * connection, in the order a user would want to be told: the link is one that may be previewed (http(s), no
 * credentials, not a host of this machine or network), the client runs on this Node, the user has not blocked
 * the row. Then the URL, and only the URL, goes to the service; the answer is kept per URL.
 */

export interface LinkPreviews {
  /** Never throws: a link without a preview is an answer (`unavailable`, with the reason). */
  preview(link: string): Promise<LinkPreview>;
}

export interface LinkPreviewsDeps {
  gate: NodeGate;
  /** Loads the preview client; called once, and only when the gate is open. */
  loadClient(): Promise<PreviewClient>;
  /** Whether the user blocked `link-preview`. */
  isBlocked(): boolean;
  /** Opens the row for one fetch (the egress's row windows); returns the close. */
  openRow(): () => void;
  now(): number;
  /** A failure the service or the network caused, for the log. */
  onFailure?(url: string, error: unknown): void;
  limits?: Partial<LinkPreviewLimits>;
}

export interface LinkPreviewLimits {
  maxEntries: number;
  readyTtlMs: number;
  notFoundTtlMs: number;
  /** Short: the service may be back in a moment, but a chat re-rendering must not ask again each time. */
  failedTtlMs: number;
}

const HOUR_MS = 60 * 60 * 1000;
export const defaultLinkPreviewLimits: LinkPreviewLimits = {
  maxEntries: 500,
  readyTtlMs: 24 * HOUR_MS,
  notFoundTtlMs: HOUR_MS,
  failedTtlMs: 5 * 60 * 1000,
};

/** Titles and descriptions are shown on one or two lines; a page's meta tags can be any length. */
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 600;

const BLOCKED_MESSAGE = "You blocked link previews (multiclaw connections unblock link-preview)";

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function unavailable(url: string, reason: LinkPreviewUnavailableReason, message: string): LinkPreview {
  return { state: "unavailable", url, reason, message };
}

/** Whether the guard refused the row itself (the user blocked it); any other refusal is a failure. */
function refusedByGuard(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof EgressBlockedError) return cause.rowId === "link-preview";
  }
  return false;
}

/** The URL as it will be sent, or why it will not be. The fragment never leaves the page, so it is dropped. */
function previewableUrl(link: string): { url: string } | { refusal: LinkPreview } {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { refusal: unavailable(link, "unsupported-url", "Not a URL") };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { refusal: unavailable(link, "unsupported-url", `Only http and https links get previews`) };
  }
  if (url.username || url.password) {
    return { refusal: unavailable(link, "unsupported-url", "The link carries a user name or password") };
  }
  const privateReason = privateHostReason(url.hostname);
  if (privateReason) {
    return { refusal: unavailable(link, "private-address", `Not sent for a preview: ${privateReason}`) };
  }
  url.hash = "";
  return { url: url.href };
}

function ready(url: string, summary: PageSummary): LinkPreview | undefined {
  if (!summary.title) return undefined;
  return {
    state: "ready",
    url,
    title: clip(summary.title, TITLE_MAX),
    ...(summary.description ? { description: clip(summary.description, DESCRIPTION_MAX) } : {}),
    ...(summary.siteName ? { siteName: clip(summary.siteName, TITLE_MAX) } : {}),
  };
}

/**
 * @example
 * const previews = createLinkPreviews({ gate, loadClient, isBlocked, openRow, now: Date.now });
 * await previews.preview("https://example.com/") // { state: "ready", url, title: "Example Domain" }
 */
export function createLinkPreviews(deps: LinkPreviewsDeps): LinkPreviews {
  const limits = { ...defaultLinkPreviewLimits, ...deps.limits };
  const cache = createExpiringCache<LinkPreview>({ maxEntries: limits.maxEntries, now: deps.now });
  // One request per URL at a time: a message rendered in two windows asks once.
  const inFlight = new Map<string, Promise<LinkPreview>>();
  let client: Promise<PreviewClient> | undefined;

  async function fetchPreview(url: string): Promise<LinkPreview> {
    const closeRow = deps.openRow();
    try {
      client ??= deps.loadClient().catch((error: unknown) => {
        client = undefined;
        throw error;
      });
      const summary = await (await client)(url);
      const found = ready(url, summary);
      if (found) {
        cache.set(url, found, limits.readyTtlMs);
        return found;
      }
      const none = unavailable(url, "not-found", "The page has no title");
      cache.set(url, none, limits.notFoundTtlMs);
      return none;
    } catch (error) {
      // Blocked while this was under way: not remembered, so unblocking brings previews back at once.
      if (refusedByGuard(error)) return unavailable(url, "blocked", BLOCKED_MESSAGE);
      deps.onFailure?.(url, error);
      const failed = unavailable(url, "failed", "The link-preview service did not answer with a preview");
      cache.set(url, failed, limits.failedTtlMs);
      return failed;
    } finally {
      closeRow();
    }
  }

  return {
    async preview(link) {
      const checked = previewableUrl(link);
      if ("refusal" in checked) return checked.refusal;
      const { url } = checked;
      if (!deps.gate.open) return unavailable(url, "node-version", `Link previews ${deps.gate.reason}`);
      if (deps.isBlocked()) return unavailable(url, "blocked", BLOCKED_MESSAGE);
      const cached = cache.get(url);
      if (cached) return cached;
      let pending = inFlight.get(url);
      if (!pending) {
        pending = fetchPreview(url).finally(() => inFlight.delete(url));
        inFlight.set(url, pending);
      }
      return pending;
    },
  };
}
