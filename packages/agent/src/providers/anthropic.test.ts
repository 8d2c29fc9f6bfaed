import { describeProviderContract } from "./test-provider-contract.ts";

// message_start, content_block_start, ping
describeProviderContract({
  label: "Anthropic (Messages API)",
  provider: "anthropic",
  modelId: "claude-sonnet-4-5",
  preambleEvents: 3,
});
