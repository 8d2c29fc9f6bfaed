import type { Provider } from "@multiclaw/protocol";

/**
 * How a key of each provider of the protocol's enum is set up (its name is in api/provider-names.ts); a Record,
 * so a new provider fails the build.
 */
export interface ProviderEntry {
  /** Where the person gets a key. */
  keyHint: string;
  /** Whether the endpoint's base URL must be given (an OpenAI-compatible server has no default). */
  needsBaseUrl: boolean;
  baseUrlExample: string;
}

export const providerCatalog: Record<Provider, ProviderEntry> = {
  openai: {
    keyHint: "An API key from platform.openai.com (starts with sk-).",
    needsBaseUrl: false,
    baseUrlExample: "https://api.openai.com/v1",
  },
  anthropic: {
    keyHint: "An API key from console.anthropic.com (starts with sk-ant-).",
    needsBaseUrl: false,
    baseUrlExample: "https://api.anthropic.com",
  },
  gemini: {
    keyHint: "An API key from Google AI Studio (aistudio.google.com).",
    needsBaseUrl: false,
    baseUrlExample: "https://generativelanguage.googleapis.com",
  },
  "openai-compatible": {
    keyHint:
      "The key your server expects (Ollama, vLLM, LM Studio…; any text of 8 or more characters if it takes none).",
    needsBaseUrl: true,
    baseUrlExample: "http://127.0.0.1:11434/v1",
  },
};
