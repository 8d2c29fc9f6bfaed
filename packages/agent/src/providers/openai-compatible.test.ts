import { describeProviderContract } from "./test-provider-contract.ts";

// Chat Completions at the base URL that came with the key, as for Ollama, vLLM or LM Studio.
describeProviderContract({
  label: "An OpenAI-compatible endpoint",
  provider: "openai-compatible",
  modelId: "llama3.1:8b",
  baseUrlOnKey: true,
  preambleEvents: 1,
});
