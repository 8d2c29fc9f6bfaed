import { describeProviderContract } from "./test-provider-contract.ts";

// Every Gemini chunk is a whole GenerateContentResponse; the first already carries text.
describeProviderContract({
  label: "Gemini (generateContent / streamGenerateContent)",
  provider: "gemini",
  modelId: "gemini-2.5-flash",
  preambleEvents: 0,
});
