import { fetchWithTimeouts } from "@multiclaw/egress/node";
import type { Provider } from "@multiclaw/protocol";
import { ProviderError } from "./provider-error.ts";
import { type ProviderKeys, providerDisplayNames, sentence } from "./provider-keys.ts";

/*
 * The fetch every provider model uses. Per request it:
 * - reads the key from the holder and sets the vendor's auth header, so a rotated key applies to the next request
 *   and the key never sits in the AI SDK's provider object (which only ever holds a placeholder);
 * - fails with KEY_NOT_CONFIGURED when the key was removed, before anything connects;
 * - bounds the wait for the response headers and every later wait for body bytes (fetchWithTimeouts: on the
 *   gateway's dispatch fetch these are undici's own per-request timeouts, free per call). The AI SDK's own
 *   `timeout` option cannot do this: its chunk and step timers also run while tools execute and approvals wait
 *   (they are reset only by model chunks), nothing bounds the wait for headers, and its timeouts end the stream
 *   as an `abort` that cannot be told apart from a cancelled run. The body bound counts only the provider's
 *   silence, not time the caller spends elsewhere while bytes wait unread;
 * - turns an egress-guard refusal into EGRESS_BLOCKED. undici reports it as `TypeError: fetch failed`, which the
 *   AI SDK would otherwise treat as a network error and retry.
 */

export interface ProviderFetchOptions {
  provider: Provider;
  keys: ProviderKeys;
  fetch: typeof globalThis.fetch;
  /** Longest wait for the status line and headers. */
  responseTimeoutMs: number;
  /** Longest wait for the next bytes of a body the caller is reading. */
  idleTimeoutMs: number;
}

type AuthHeader = (key: string) => [name: string, value: string];

const bearer: AuthHeader = (key) => ["authorization", `Bearer ${key}`];
const authHeaders: Readonly<Record<Provider, AuthHeader>> = {
  openai: bearer,
  "openai-compatible": bearer,
  anthropic: (key) => ["x-api-key", key],
  gemini: (key) => ["x-goog-api-key", key],
};

export function keyNotConfigured(provider: Provider): ProviderError {
  return new ProviderError(
    "KEY_NOT_CONFIGURED",
    provider,
    `No API key is configured for ${provider}; add one in the workspace's provider keys`,
  );
}

function egressRefusal(error: unknown): Error | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if ((current as { code?: unknown }).code === "EGRESS_BLOCKED") return current;
    current = current.cause;
  }
  return undefined;
}

export function createProviderFetch(options: ProviderFetchOptions): typeof globalThis.fetch {
  const { provider, keys, responseTimeoutMs, idleTimeoutMs } = options;
  const name = sentence(providerDisplayNames[provider]);
  const authHeader = authHeaders[provider];

  const fetch = fetchWithTimeouts(options.fetch, {
    headersMs: responseTimeoutMs,
    bodyIdleMs: idleTimeoutMs,
    timedOut: (wait) =>
      new ProviderError(
        "PROVIDER_TIMEOUT",
        provider,
        wait === "headers"
          ? `${name} sent no response within ${responseTimeoutMs} ms`
          : `${name} stopped sending for ${idleTimeoutMs} ms`,
      ),
  });

  return async (input, init) => {
    const key = keys.get(provider);
    if (!key) throw keyNotConfigured(provider);
    const headers = new Headers(init?.headers);
    headers.set(...authHeader(key.apiKey.reveal()));
    try {
      return await fetch(input, { ...init, headers });
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const refusal = egressRefusal(error);
      if (refusal) throw new ProviderError("EGRESS_BLOCKED", provider, refusal.message, { cause: refusal });
      throw error;
    }
  };
}
