import type { Provider } from "@multiclaw/protocol";

/**
 * Suggestions for the model field (any model id the provider accepts may be typed): the current general-purpose
 * models, so a first agent does not start with a search through the vendor's docs.
 */
export const suggestedModels: Record<Provider, readonly string[]> = {
  openai: ["gpt-5", "gpt-5-mini", "gpt-4.1"],
  anthropic: ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"],
  gemini: ["gemini-2.5-pro", "gemini-2.5-flash"],
  "openai-compatible": [],
};
