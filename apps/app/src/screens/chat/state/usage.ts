import type { TokenUsage } from "@multiclaw/protocol";

export const emptyUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** What `later` adds to `earlier`, never below zero. */
export function usageSince(later: TokenUsage, earlier: TokenUsage): TokenUsage {
  return {
    inputTokens: Math.max(0, later.inputTokens - earlier.inputTokens),
    outputTokens: Math.max(0, later.outputTokens - earlier.outputTokens),
    totalTokens: Math.max(0, later.totalTokens - earlier.totalTokens),
  };
}

// One formatter for every message: \`toLocaleString\` builds a new one on each call, a cost per drawn row.
const tokenCount = new Intl.NumberFormat("en");

/** "1,204 tokens (980 in, 224 out)". */
export function describeUsage(usage: TokenUsage): string {
  const n = (value: number) => tokenCount.format(value);
  return `${n(usage.totalTokens)} tokens (${n(usage.inputTokens)} in, ${n(usage.outputTokens)} out)`;
}
