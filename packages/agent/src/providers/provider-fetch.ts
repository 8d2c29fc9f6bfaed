import type { Provider } from "@multiclaw/protocol";
import { ProviderError } from "./provider-error.ts";
import { type ProviderKeys, providerDisplayNames, sentence } from "./provider-keys.ts";

/*
 * The fetch every provider model uses. Per request it:
 * - reads the key from the holder and sets the vendor's auth header, so a rotated key applies to the next request
 *   and the key never sits in the AI SDK's provider object (which only ever holds a placeholder);
 * - fails with KEY_NOT_CONFIGURED when the key was removed, before anything connects;
 * - bounds the wait for the response headers and every later wait for body bytes. The AI SDK's own `timeout`
 *   option cannot do this: its chunk and step timers also run while tools execute and approvals wait (they are
 *   reset only by model chunks), nothing bounds the wait for headers, and its timeouts end the stream as an
 *   `abort` that cannot be told apart from a cancelled run. These timers run only while the caller is actually
 *   waiting on the network (the body is pulled, never read ahead);
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

/** A body that fails with `onIdle()`'s error when the next bytes take longer than `idleMs` to come. */
function withIdleTimeout(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  timeouts: AbortController,
  idle: () => Error,
) {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(() => timeouts.abort(idle()), idleMs);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(timeouts.signal.aborted ? timeouts.signal.reason : error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Pull only when the consumer asks, so a consumer busy elsewhere never counts as a silent provider.
    { highWaterMark: 0 },
  );
}

export function createProviderFetch(options: ProviderFetchOptions): typeof globalThis.fetch {
  const { provider, keys, responseTimeoutMs, idleTimeoutMs } = options;
  const name = sentence(providerDisplayNames[provider]);
  const authHeader = authHeaders[provider];

  return async (input, init) => {
    const key = keys.get(provider);
    if (!key) throw keyNotConfigured(provider);
    const headers = new Headers(init?.headers);
    headers.set(...authHeader(key.apiKey.reveal()));

    const timeouts = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, timeouts.signal]) : timeouts.signal;
    const headersTimer = setTimeout(
      () =>
        timeouts.abort(
          new ProviderError(
            "PROVIDER_TIMEOUT",
            provider,
            `${name} sent no response within ${responseTimeoutMs} ms`,
          ),
        ),
      responseTimeoutMs,
    );
    let response: Response;
    try {
      response = await options.fetch(input, { ...init, headers, signal });
    } catch (error) {
      if (timeouts.signal.aborted) throw timeouts.signal.reason;
      const refusal = egressRefusal(error);
      if (refusal) throw new ProviderError("EGRESS_BLOCKED", provider, refusal.message, { cause: refusal });
      throw error;
    } finally {
      clearTimeout(headersTimer);
    }
    if (!response.body) return response;
    const body = withIdleTimeout(
      response.body,
      idleTimeoutMs,
      timeouts,
      () =>
        new ProviderError("PROVIDER_TIMEOUT", provider, `${name} stopped sending for ${idleTimeoutMs} ms`),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
