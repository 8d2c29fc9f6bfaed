import { describeProviderContract } from "./test-provider-contract.ts";

// The first chunk carries only the assistant role.
describeProviderContract({
  label: "OpenAI (Chat Completions)",
  provider: "openai",
  modelId: "gpt-4.1",
  openaiApi: "chat",
  preambleEvents: 1,
});
