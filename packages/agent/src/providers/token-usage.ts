import type { TokenUsage } from "@multiclaw/protocol";
import type { LanguageModelUsage } from "ai";

/*
 * Token usage as the run shows it. The AI SDK reports usage per step (`finish-step` parts, `onStepFinish`) and
 * for the whole call (`finish` part's `totalUsage`, `result.totalUsage`); a count a provider did not send is
 * undefined there and 0 here.
 */

export const noTokenUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/**
 * The protocol's TokenUsage from the AI SDK's.
 *
 * @example
 * for await (const part of result.fullStream) {
 *   if (part.type === "finish-step") runUsage = addTokenUsage(runUsage, tokenUsageOf(part.usage));
 * }
 */
export function tokenUsageOf(usage: LanguageModelUsage | undefined): TokenUsage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage?.totalTokens ?? inputTokens + outputTokens };
}

export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
