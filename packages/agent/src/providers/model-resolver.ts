import type { LanguageModelV3 } from "@ai-sdk/provider";
import { Provider, type RunError } from "@multiclaw/protocol";
import type { Secret } from "../secret.ts";
import { classifyProviderError } from "./classify-provider-error.ts";
import { deferredModel } from "./deferred-model.ts";
import { ProviderError } from "./provider-error.ts";
import { createProviderFetch, keyNotConfigured } from "./provider-fetch.ts";
import type { ProviderKeys } from "./provider-keys.ts";
import { withProviderMark } from "./with-provider-mark.ts";

export interface ModelResolverOptions {
  /** The keys configured right now (asked at `model()` and again on every request). */
  keys: ProviderKeys;
  /** The fetch for all provider traffic; the gateway passes one bound to its egress guard. Default: global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Base URLs that win over the key's and the vendor's (tests and benchmarks point these at the stand-in). */
  baseUrls?: Partial<Record<Provider, string>>;
  /** OpenAI's API: the Responses API (default) or Chat Completions. */
  openaiApi?: "responses" | "chat";
  /**
   * Longest wait for a provider's response headers. Generous by default: a non-streaming call only answers
   * once the whole text is written.
   */
  responseTimeoutMs?: number;
  /** Longest silence in a response being read; reasoning models can think for minutes between events. */
  idleTimeoutMs?: number;
}

/** Provider models with the gateway's keys, and the one classification of their failures. */
export interface ModelResolver {
  /**
   * The model, ready for `streamText` / `generateText`. Throws a ProviderError with KEY_NOT_CONFIGURED at once
   * when the provider has no key (or openai-compatible has no base URL); nothing connects.
   *
   * Its errors are marked with the provider (provider-tag.ts). `streamMarks: false` leaves the answer stream
   * as the provider made it — for a caller that marks what it reads itself (the engine's runModelStep): one
   * stream fewer per call, ~1 ms of a chat turn on Node 20.
   */
  model(provider: Provider, modelId: string, options?: { streamMarks?: boolean }): LanguageModelV3;
  /** A failure of one of these models as a protocol error, with every configured key redacted from it. */
  classifyError(error: unknown, provider?: Provider): RunError;
}

export const defaultResponseTimeoutMs = 120_000;
const maxCachedModels = 64;
export const defaultIdleTimeoutMs = 300_000;

/**
 * The vendors' endpoints, always passed explicitly: the AI SDK would otherwise read OPENAI_BASE_URL and
 * ANTHROPIC_BASE_URL from the environment and send the key wherever they point.
 */
const vendorBaseUrls: Readonly<Record<Provider, string | undefined>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  gemini: "https://generativelanguage.googleapis.com/v1beta",
  "openai-compatible": undefined,
};

/**
 * The AI SDK insists on a key when a provider is created (or reads one from the environment). It gets this
 * instead; the provider fetch replaces it with the real key on every request.
 */
const keyPlaceholder = "multiclaw-key-is-set-per-request";

/**
 * @example
 * const models = createModelResolver({ keys: keyHolder, fetch: guardedFetch });
 * const result = streamText({ model: models.model("anthropic", "claude-sonnet-4-5"), messages,
 *   ...providerCallSettings(run.signal) });
 */
export function createModelResolver(options: ModelResolverOptions): ModelResolver {
  const { keys } = options;
  const fetch = options.fetch ?? globalThis.fetch;
  const responseTimeoutMs = options.responseTimeoutMs ?? defaultResponseTimeoutMs;
  const idleTimeoutMs = options.idleTimeoutMs ?? defaultIdleTimeoutMs;

  function currentSecrets(): Secret[] {
    return Provider.options.flatMap((provider) => keys.get(provider)?.apiKey ?? []);
  }

  /** The vendor's AI SDK provider, imported on the model's first call (see deferred-model.ts). */
  async function vendorModel(provider: Provider, modelId: string, baseURL: string): Promise<LanguageModelV3> {
    const providerFetch = createProviderFetch({ provider, keys, fetch, responseTimeoutMs, idleTimeoutMs });
    const common = { apiKey: keyPlaceholder, baseURL, fetch: providerFetch };
    switch (provider) {
      case "openai": {
        const { createOpenAI } = await import("@ai-sdk/openai");
        const openai = createOpenAI(common);
        return options.openaiApi === "chat" ? openai.chat(modelId) : openai.responses(modelId);
      }
      case "anthropic": {
        const { createAnthropic } = await import("@ai-sdk/anthropic");
        return createAnthropic(common)(modelId);
      }
      case "gemini": {
        const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
        return createGoogleGenerativeAI(common)(modelId);
      }
      case "openai-compatible": {
        const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
        // includeUsage asks for the final usage chunk (stream_options), which Ollama, vLLM and LM Studio send.
        return createOpenAICompatible({ ...common, name: "openai-compatible", includeUsage: true })(modelId);
      }
    }
  }

  const models = new Map<string, LanguageModelV3>();

  /** The AI SDK's provider id of each vendor's model, known before its SDK is loaded. */
  const providerIds: Record<Provider, string> = {
    openai: options.openaiApi === "chat" ? "openai.chat" : "openai.responses",
    anthropic: "anthropic.messages",
    gemini: "google.generative-ai",
    "openai-compatible": "openai-compatible.chat",
  };

  return {
    model(provider, modelId, modelOptions) {
      const streamMarks = modelOptions?.streamMarks ?? true;
      const key = keys.get(provider);
      if (!key) throw keyNotConfigured(provider);
      const baseUrl = options.baseUrls?.[provider] ?? key.baseUrl ?? vendorBaseUrls[provider];
      if (!baseUrl) {
        throw new ProviderError(
          "KEY_NOT_CONFIGURED",
          provider,
          `The ${provider} key has no base URL; set the endpoint (e.g. http://127.0.0.1:11434/v1 for Ollama)`,
        );
      }
      // One model per provider, model id and endpoint, made once: the AI SDK builds its response schemas
      // per model, which cost every turn ~1 ms when models were made per call. Keys are read per request.
      const cacheKey = `${provider}\n${modelId}\n${baseUrl}\n${streamMarks}`;
      const cached = models.get(cacheKey);
      if (cached) return cached;
      const model = withProviderMark(
        deferredModel({
          provider: providerIds[provider],
          modelId,
          load: () => vendorModel(provider, modelId, baseUrl),
        }),
        provider,
        { streamMarks },
      );
      models.set(cacheKey, model);
      // Bounded: the oldest model goes once a gateway has seen many (model ids are user input).
      if (models.size > maxCachedModels) models.delete(models.keys().next().value as string);
      return model;
    },

    classifyError: (error, provider) => classifyProviderError(error, { provider, secrets: currentSecrets() }),
  };
}
