import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3FunctionTool,
  type LanguageModelV3ToolChoice,
} from "@ai-sdk/provider";
import { retryWithExponentialBackoff } from "@ai-sdk/provider-utils";
import type { Provider, TokenUsage } from "@multiclaw/protocol";
import type { ModelMessage, RetryError } from "ai";
import { markProvider } from "../providers/provider-tag.ts";
import { unlessAborted } from "./abortable.ts";
import { messageOf } from "./error-classification.ts";
import { toProviderPrompt } from "./provider-prompt.ts";

/*
 * One model call, made on the provider model itself (the AI SDK's LanguageModelV3 `doStream`), not through
 * `streamText`. The engine runs the tool loop itself (to pause for approvals and store every step), so none of
 * streamText's orchestration was used — only its prompt checks, tool preparation and stream plumbing, which
 * cost a chat turn ~1.5 ms of the gateway's ~5 (BENCHMARKS.md). What streamText did that matters is kept:
 * the same retries (provider-utils' retryWithExponentialBackoff with the AI SDK's retry-after rule and its
 * RetryError), the same prompt shape, and tool calls checked the same way (unknown tool, input not JSON).
 * The stream is read against the run's signal as well, because a provider stream that ignores the abort
 * would otherwise keep a cancelled run waiting.
 */

export type ModelTool = LanguageModelV3FunctionTool;
export type ModelToolChoice = LanguageModelV3ToolChoice;

export interface ModelToolCall {
  toolCallId: string;
  /** The model-facing name, as the model sent it. */
  toolName: string;
  input: unknown;
  /** Set when the call cannot be read (arguments that are not JSON, an unknown tool). */
  unreadable: string | null;
}

export interface ModelStepResult {
  text: string;
  toolCalls: ModelToolCall[];
  usage: TokenUsage;
}

export interface ModelStepRequest {
  model: LanguageModelV3;
  /** Whose model it is: every error this step throws is marked with it, so its message names the vendor. */
  provider: Provider;
  system: string;
  messages: ModelMessage[];
  tools: readonly ModelTool[];
  toolChoice: ModelToolChoice;
  signal: AbortSignal;
  /** Retries of a failed request (408, 409, 429, 5xx, a failed connection) before the first chunk. */
  maxRetries: number;
  /** Each piece of text as it arrives (also when the call fails later: the caller keeps what was said). */
  onTextDelta(delta: string): void;
}

export const emptyUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

export async function runModelStep(request: ModelStepRequest): Promise<ModelStepResult> {
  try {
    return await modelStep(request);
  } catch (error) {
    throw markProvider(error, request.provider);
  }
}

async function modelStep(request: ModelStepRequest): Promise<ModelStepResult> {
  const options: LanguageModelV3CallOptions = {
    prompt: toProviderPrompt(request.system, request.messages),
    tools: request.tools.length > 0 ? [...request.tools] : undefined,
    toolChoice: request.tools.length > 0 ? request.toolChoice : undefined,
    abortSignal: request.signal,
  };
  const { stream } = await withRetries(request.maxRetries, request.signal, () =>
    request.model.doStream(options),
  );

  const offered = new Set(request.tools.map((tool) => tool.name));
  let text = "";
  const toolCalls: ModelToolCall[] = [];
  let usage = emptyUsage;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: part } = await unlessAborted(reader.read(), request.signal);
      if (done) break;
      switch (part.type) {
        case "text-delta":
          if (part.delta.length === 0) break;
          text += part.delta;
          request.onTextDelta(part.delta);
          break;
        case "tool-call":
          toolCalls.push(readToolCall(part.toolCallId, part.toolName, part.input, offered));
          break;
        case "finish": {
          const input = part.usage.inputTokens.total ?? 0;
          const output = part.usage.outputTokens.total ?? 0;
          usage = addUsage(usage, { inputTokens: input, outputTokens: output, totalTokens: input + output });
          break;
        }
        case "error":
          throw part.error;
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

/** A streamed tool call as the engine takes it: the input parsed, or why it cannot be read. */
function readToolCall(
  toolCallId: string,
  toolName: string,
  inputText: string,
  offered: ReadonlySet<string>,
): ModelToolCall {
  if (!offered.has(toolName)) {
    const available = [...offered].join(", ") || "none";
    const unreadable = `Model tried to call unavailable tool '${toolName}'. Available tools: ${available}.`;
    return { toolCallId, toolName, input: inputText, unreadable };
  }
  // A tool without parameters may be called with no input at all (as the AI SDK reads it).
  if (inputText.trim() === "") return { toolCallId, toolName, input: {}, unreadable: null };
  try {
    return { toolCallId, toolName, input: JSON.parse(inputText) as unknown, unreadable: null };
  } catch (error) {
    const unreadable = `Invalid input for tool ${toolName}: JSON parsing failed: Text: ${inputText}. Error message: ${messageOf(error)}`;
    return { toolCallId, toolName, input: inputText, unreadable };
  }
}

let retryErrorClass: typeof RetryError | undefined;

/**
 * The AI SDK's retry policy for a model request (ai/src/util/retry-with-exponential-backoff.ts, which `ai`
 * does not export): provider-utils' exponential backoff from 2 s, retrying what APICallError marks
 * retryable, waiting as a `retry-after-ms` / `retry-after` header says when that is under a minute, and
 * giving up with the AI SDK's own RetryError so failures read the same as before.
 */
function withRetries<T>(maxRetries: number, signal: AbortSignal, attempt: () => PromiseLike<T>): Promise<T> {
  const retry = retryWithExponentialBackoff({
    maxRetries,
    abortSignal: signal,
    shouldRetry: async (error) => {
      // A RetryError can only follow a first failure: `ai` (for its class) loads then, not at start.
      retryErrorClass ??= (await import("ai")).RetryError;
      return APICallError.isInstance(error) && error.isRetryable;
    },
    getDelayInMs: ({ error, exponentialBackoffDelay }) =>
      retryAfterMs(error, exponentialBackoffDelay) ?? exponentialBackoffDelay,
    createRetryError: (details) =>
      retryErrorClass
        ? new retryErrorClass(details)
        : new Error(details.message, { cause: details.errors.at(-1) }),
  });
  return Promise.resolve(retry(async () => await attempt()));
}

/** What the failed answer's retry headers ask for, when the AI SDK would honour it. */
function retryAfterMs(error: unknown, backoffMs: number): number | undefined {
  const headers = APICallError.isInstance(error)
    ? error.responseHeaders
    : APICallError.isInstance((error as { cause?: unknown })?.cause)
      ? (error as { cause: APICallError }).cause.responseHeaders
      : undefined;
  if (!headers) return undefined;
  let ms: number | undefined;
  const inMs = headers["retry-after-ms"];
  if (inMs) {
    const parsed = Number.parseFloat(inMs);
    if (!Number.isNaN(parsed)) ms = parsed;
  }
  const after = headers["retry-after"];
  if (after && ms === undefined) {
    const seconds = Number.parseFloat(after);
    ms = Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
  }
  const honoured = ms !== undefined && !Number.isNaN(ms) && ms >= 0 && (ms < 60_000 || ms < backoffMs);
  return honoured ? ms : undefined;
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
