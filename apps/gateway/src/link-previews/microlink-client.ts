/*
 * The link-preview service through its official client, `@microlink/mql`. The client builds its request with
 * `ky`, which takes a `fetch` option: we give it the gateway's guarded fetch, so the connection is the egress
 * guard's (row `link-preview`) and shows in its ledger; mql opens no socket of its own. The client is imported
 * only when this is called, which decision 0010's gate allows only on a Node that satisfies its engines.
 */

/** What the service says about a page; any part may be missing. */
export interface PageSummary {
  title?: string;
  description?: string;
  siteName?: string;
}

/** Asks the service about one page. Throws what the client throws (a MicrolinkError, with the cause inside). */
export type PreviewClient = (url: string) => Promise<PageSummary>;

export interface MicrolinkClientOptions {
  endpoint: string;
  apiKey?: string | undefined;
  /** A fetch whose every connection goes through the egress guard. */
  fetch: typeof globalThis.fetch;
  /** How long one answer may take; the client itself would wait forever. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * ky hands its fetch a Request built with the process's global Request class, which need not be the class our
 * fetch's undici knows (tests run with Node's own); so the request is passed on as its parts.
 */
function fetchFromParts(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    if (typeof input === "string" || input instanceof URL) return fetch(input, init);
    const body = input.method === "GET" || input.method === "HEAD" ? undefined : await input.arrayBuffer();
    return fetch(input.url, {
      method: input.method,
      headers: Object.fromEntries(input.headers),
      signal: input.signal,
      // The service answers; a redirect would point somewhere the connection inventory does not list.
      redirect: "manual",
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
  };
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Loads the client and returns a function that asks about one URL, sending the URL only.
 *
 * @example
 * const ask = await loadMicrolinkClient({ endpoint: "https://api.microlink.io", fetch: guardedFetch });
 * (await ask("https://example.com/")).title // "Example Domain"
 */
export async function loadMicrolinkClient(options: MicrolinkClientOptions): Promise<PreviewClient> {
  const { default: mql } = await import("@microlink/mql");
  const fetch = fetchFromParts(options.fetch);
  // Only `endpoint` and `apiKey` in the second argument: mql turns every other option into a query parameter.
  const clientOptions = { endpoint: options.endpoint, ...(options.apiKey ? { apiKey: options.apiKey } : {}) };
  // No retries: a failure is remembered for a few minutes instead (link-previews.ts).
  const requestOptions = { fetch, retry: 0, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  return async (url) => {
    const { data } = await mql(url, clientOptions, requestOptions);
    const summary: PageSummary = {};
    const title = text(data.title);
    const description = text(data.description);
    const siteName = text(data.publisher);
    if (title) summary.title = title;
    if (description) summary.description = description;
    if (siteName) summary.siteName = siteName;
    return summary;
  };
}
