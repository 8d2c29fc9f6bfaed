/*
 * The settings a provider call passes to `streamText` / `generateText`. Retries are the AI SDK's own: it retries
 * a 408, 409, 429, any 5xx and a failed connection (APICallError.isRetryable), waits as the answer's
 * `retry-after-ms` or `retry-after` header says when that is under a minute, and otherwise backs off 2 s, 4 s, …
 * (ai/src/util/retry-with-exponential-backoff.ts). It does not retry a 401, an error that arrives mid-stream or
 * anything after the first chunk. The response and idle timeouts live in the model's transport
 * (see provider-fetch.ts); this adds the bound on the whole call.
 */

export interface ProviderCallPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The whole call, retries and every step included. */
  totalTimeoutMs: number;
}

export const defaultProviderCallPolicy: ProviderCallPolicy = { maxRetries: 2, totalTimeoutMs: 30 * 60_000 };

/**
 * Spread it into `streamText` / `generateText`: a spread copies `maxRetries` and `abortSignal` only (methods of a
 * class instance are not own properties, in JavaScript and in TypeScript's spread type).
 *
 * @example
 * using settings = providerCallSettings(run.signal, { maxRetries: limits.modelRetries });
 * const result = streamText({ model, messages, tools, ...settings, onError: () => {} });
 * for await (const part of result.fullStream) {
 *   if (part.type === "abort") return fail(models.classifyError(settings.abortSignal.reason));
 * }
 */
export class ProviderCallSettings {
  readonly maxRetries: number;
  /**
   * Aborts when the run's signal does (with its reason: a cancelled run) or when the total time is up (with a
   * TimeoutError: PROVIDER_TIMEOUT). For an `abort` part, classify this signal's `reason`.
   */
  readonly abortSignal: AbortSignal;
  readonly #release: () => void;

  constructor(signal: AbortSignal | undefined, policy: ProviderCallPolicy) {
    this.maxRetries = policy.maxRetries;
    const controller = new AbortController();
    this.abortSignal = controller.signal;
    // A timer and a controller rather than AbortSignal.timeout: a timeout signal that only a composite signal
    // refers to can be garbage-collected before it fires, and this timer can be stopped when the call is over.
    const timer = setTimeout(() => {
      const seconds = policy.totalTimeoutMs / 1000;
      controller.abort(new DOMException(`the call took longer than ${seconds} s`, "TimeoutError"));
    }, policy.totalTimeoutMs);
    timer.unref();
    const onRunAbort = () => {
      clearTimeout(timer);
      controller.abort(signal?.reason);
    };
    if (signal?.aborted) onRunAbort();
    else signal?.addEventListener("abort", onRunAbort, { once: true });
    this.#release = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onRunAbort);
    };
  }

  /** Stops the clock once the call is over (unref'd, so forgetting it only keeps a timer until it fires). */
  release(): void {
    this.#release();
  }

  [Symbol.dispose](): void {
    this.#release();
  }
}

export function providerCallSettings(
  signal: AbortSignal | undefined,
  policy: Partial<ProviderCallPolicy> = {},
): ProviderCallSettings {
  return new ProviderCallSettings(signal, { ...defaultProviderCallPolicy, ...policy });
}
