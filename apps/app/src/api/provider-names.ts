import type { Provider } from "@multiclaw/protocol";

/**
 * What each provider of the protocol's enum is called on every screen (keys, agents, chat). A Record, so a provider
 * added to the protocol fails the build here until it has a name.
 *
 * @example providerNames["openai-compatible"] // "OpenAI-compatible endpoint"
 */
export const providerNames: Record<Provider, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Google Gemini",
  "openai-compatible": "OpenAI-compatible endpoint",
};
