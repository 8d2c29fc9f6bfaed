import type { TokenUsage } from "@multiclaw/protocol";
import type { ModelMessage, ToolChoice, ToolSet } from "ai";
import { unlessAborted } from "./abortable.ts";
import type { ResolvedModel } from "./engine-deps.ts";
import { messageOf } from "./error-classification.ts";

/*
 * One model call. The engine runs the tool loop itself (to pause for approvals and store every step), so the
 * tools it passes have no `execute`: streamText stops after this one call and hands back the calls it parsed.
 * The stream is read against the run's signal as well, because a provider stream that ignores the abort would
 * otherwise keep a cancelled run waiting.
 */

export interface ModelToolCall {
  toolCallId: string;
  /** The model-facing name, as the model sent it. */
  toolName: string;
  input: unknown;
  /** Set when the AI SDK could not read the call (arguments that are not JSON, an unknown tool). */
  unreadable: string | null;
}

export interface ModelStepResult {
  text: string;
  toolCalls: ModelToolCall[];
  usage: TokenUsage;
}

export interface ModelStepRequest {
  model: ResolvedModel;
  system: string;
  messages: ModelMessage[];
  tools: ToolSet;
  toolChoice: ToolChoice<ToolSet>;
  signal: AbortSignal;
  maxRetries: number;
  /** Each piece of text as it arrives (also when the call fails later: the caller keeps what was said). */
  onTextDelta(delta: string): void;
}

export const emptyUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

export async function runModelStep(request: ModelStepRequest): Promise<ModelStepResult> {
  // The AI SDK (~0.4 MiB with its gateway client) loads with the first model call, not with the gateway.
  const { streamText } = await import("ai");
  const result = streamText({
    model: request.model,
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    toolChoice: request.toolChoice,
    abortSignal: request.signal,
    maxRetries: request.maxRetries,
    // Errors arrive as stream parts and are thrown below; the default handler would print them.
    onError: () => {},
  });

  let text = "";
  const toolCalls: ModelToolCall[] = [];
  let usage = emptyUsage;
  const reader = result.fullStream.getReader();
  try {
    for (;;) {
      const { done, value: part } = await unlessAborted(reader.read(), request.signal);
      if (done) break;
      switch (part.type) {
        case "text-delta":
          text += part.text;
          request.onTextDelta(part.text);
          break;
        case "tool-call":
          toolCalls.push({
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
            unreadable: part.invalid === true ? messageOf(part.error) : null,
          });
          break;
        case "finish-step":
          usage = addUsage(usage, {
            inputTokens: part.usage.inputTokens ?? 0,
            outputTokens: part.usage.outputTokens ?? 0,
            totalTokens:
              part.usage.totalTokens ?? (part.usage.inputTokens ?? 0) + (part.usage.outputTokens ?? 0),
          });
          break;
        case "error":
          throw part.error;
        case "abort":
          throw request.signal.reason;
        default:
          break;
      }
    }
  } finally {
    // Stops the provider stream when we leave early (error, cancel); a no-op after it ended.
    reader.cancel().catch(() => {});
  }
  return { text, toolCalls, usage };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
