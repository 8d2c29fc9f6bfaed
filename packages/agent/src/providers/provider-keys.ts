import type { Provider } from "@multiclaw/protocol";
import type { Secret } from "../secret.ts";

/** The key the gateway holds for one provider, as config sync delivered it. */
export interface ProviderKey {
  readonly apiKey: Secret;
  /** An endpoint to use instead of the vendor's; required for openai-compatible (Ollama, vLLM, LM Studio). */
  readonly baseUrl: string | null;
}

/**
 * The keys configured right now. It is asked on every request, so a key that config sync rotated or removed
 * applies to the next request without rebuilding anything. A `Map<Provider, ProviderKey>` is one.
 */
export interface ProviderKeys {
  get(provider: Provider): ProviderKey | undefined;
}

/** How each provider is named in messages a user reads. */
export const providerDisplayNames: Readonly<Record<Provider, string>> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Gemini",
  "openai-compatible": "the OpenAI-compatible endpoint",
};

/** `text` with its first letter capitalised, for messages that begin with a provider's name. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
