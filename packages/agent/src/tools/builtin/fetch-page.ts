/*
 * One web page over HTTP(S) for web.fetch: redirects are followed by hand so that every hop is checked again
 * (scheme, no credentials) and gets its own user-initiated window in the egress guard; the body is read
 * within a byte budget and the whole fetch within a time budget.
 */
import type { ErrorCode } from "@multiclaw/protocol";
import { findErrorWithCode, innermostReason } from "./error-chain.ts";

export interface FetchPageOptions {
  /** The fetch to use; the gateway passes one bound to its egress guard. */
  fetch: typeof globalThis.fetch;
  /** Opens the `web-fetch` row's window for this URL; the returned function closes it. */
  allowWebFetch: (url: URL) => () => void;
  maxRedirects: number;
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
}

export interface FetchedPage {
  /** Where the page was finally read from (after redirects). */
  url: URL;
  /** The media type, lower case and without parameters ("" when the server sent none). */
  mediaType: string;
  charset: string | undefined;
  body: Uint8Array;
  /** True when the body was longer than the budget and only its start was read. */
  truncated: boolean;
}

/** A fetch that failed in a way the tool reports with `code`. */
export class WebFetchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WebFetchError";
  }
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Why `url` may not be fetched, or undefined when it may. */
export function refusalOf(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `only http and https URLs can be fetched, not ${url.protocol}`;
  if (url.username !== "" || url.password !== "")
    return "URLs with credentials (user:password@) are not fetched";
  return undefined;
}

/** The error of a failed request, in the tool's terms. */
function failureOf(
  error: unknown,
  url: URL,
  signals: { run: AbortSignal; timeout: AbortSignal },
  timeoutMs: number,
) {
  if (error instanceof WebFetchError) return error;
  if (signals.run.aborted) return new WebFetchError("RUN_CANCELLED", "the fetch was cancelled");
  if (signals.timeout.aborted) {
    return new WebFetchError("TOOL_TIMEOUT", `${url.href} did not finish within ${timeoutMs / 1000} s`);
  }
  const blocked = findErrorWithCode(error, "EGRESS_BLOCKED");
  if (blocked) return new WebFetchError("EGRESS_BLOCKED", blocked.message);
  return new WebFetchError("TOOL_FAILED", `could not fetch ${url.href}: ${innermostReason(error)}`);
}

async function readBody(
  response: Response,
  maxBytes: number,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (!response.body) return { body: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) return { body: Buffer.concat(chunks, total), truncated: false };
    if (total + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      await reader.cancel();
      return { body: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(value);
    total += value.length;
  }
}

/** Fetches `start`, following at most `maxRedirects` redirects. Throws WebFetchError. */
export async function fetchPage(
  start: URL,
  options: FetchPageOptions,
  runSignal: AbortSignal,
): Promise<FetchedPage> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([runSignal, timeout]);
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const refusal = refusalOf(url);
    if (refusal) throw new WebFetchError("TOOL_FAILED", `${redirects > 0 ? "redirected: " : ""}${refusal}`);
    let close: (() => void) | undefined;
    try {
      close = options.allowWebFetch(url);
      const response = await options.fetch(url, {
        redirect: "manual",
        signal,
        headers: {
          accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5",
          "user-agent": options.userAgent,
        },
      });
      if (redirectStatuses.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get("location");
        if (!location) throw new WebFetchError("TOOL_FAILED", `${url.href} redirected without a location`);
        if (redirects >= options.maxRedirects) {
          throw new WebFetchError(
            "TOOL_FAILED",
            `more than ${options.maxRedirects} redirects; stopped at ${url.href}`,
          );
        }
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
        throw new WebFetchError("TOOL_FAILED", `${url.href} answered HTTP ${status}`);
      }
      const contentType = response.headers.get("content-type") ?? "";
      const [mediaType = "", ...parameters] = contentType.split(";").map((part) => part.trim());
      const charset = parameters
        .find((parameter) => parameter.toLowerCase().startsWith("charset="))
        ?.slice("charset=".length)
        .replace(/^"|"$/g, "");
      const { body, truncated } = await readBody(response, options.maxBytes);
      return { url, mediaType: mediaType.toLowerCase(), charset, body, truncated };
    } catch (error) {
      throw failureOf(error, url, { run: runSignal, timeout }, options.timeoutMs);
    } finally {
      close?.();
    }
  }
}
