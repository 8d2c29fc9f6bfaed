import { describeProviderContract } from "./test-provider-contract.ts";

// response.created, response.in_progress, response.output_item.added, response.content_part.added
describeProviderContract({
  label: "OpenAI (Responses API)",
  provider: "openai",
  modelId: "gpt-4.1",
  openaiApi: "responses",
  preambleEvents: 4,
});
