/*
 * OpenAI's Chat Completions API (POST /v1/chat/completions), also what OpenAI-compatible servers (Ollama, vLLM,
 * LM Studio) speak: `chat.completion` objects, `chat.completion.chunk` SSE events ending in `data: [DONE]`, and
 * a last chunk with `usage` and no choices when the request asked for `stream_options.include_usage`.
 */
import { openaiErrorBody, openaiKeyRejection } from "./openai-errors.ts";
import {
  type Answer,
  argumentsJson,
  asArray,
  asRecord,
  asText,
  bearerToken,
  fullText,
  inHalves,
  type RecordedToolResult,
  randomToken,
  sseEvent,
  unixSeconds,
  type WireFormat,
} from "./wire-format.ts";

function usageOf(answer: Answer) {
  const { inputTokens, outputTokens } = answer.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(answer: Answer): string {
  return answer.toolCalls.length > 0 ? "tool_calls" : "stop";
}

function withCallIds(answer: Answer) {
  return answer.toolCalls.map((call) => ({ ...call, id: `call_${randomToken(24)}` }));
}

export const openaiChatFormat: WireFormat = {
  name: "openai-chat",

  responseHeaders: () => ({ "x-request-id": `req_${randomToken(32)}`, "openai-processing-ms": "1" }),

  streamEvents(answer) {
    const includeUsage = asRecord(answer.request.stream_options).include_usage === true;
    const common = {
      id: `chatcmpl-${randomToken(29)}`,
      object: "chat.completion.chunk",
      created: unixSeconds(),
      model: answer.model,
      service_tier: "default",
      system_fingerprint: "fp_standin",
    };
    const chunk = (delta: Record<string, unknown>, reason: string | null = null) =>
      sseEvent({
        ...common,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
        ...(includeUsage ? { usage: null } : {}),
      });

    const events = [chunk({ role: "assistant", content: "", refusal: null })];
    for (const content of answer.textChunks) events.push(chunk({ content }));
    withCallIds(answer).forEach((call, index) => {
      events.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
          ],
        }),
      );
      for (const piece of inHalves(argumentsJson(call.input))) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    events.push(chunk({}, finishReason(answer)));
    if (includeUsage) events.push(sseEvent({ ...common, choices: [], usage: usageOf(answer) }));
    events.push(sseEvent("[DONE]"));
    return events;
  },

  malformedEvent: () =>
    sseEvent('{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"delta":{"content":"'),

  // Chat Completions reports a mid-stream failure as a data line with an `error` object.
  errorEvent: () => sseEvent(openaiErrorBody(500, undefined)),

  completeBody(answer) {
    const calls = withCallIds(answer);
    return {
      id: `chatcmpl-${randomToken(29)}`,
      object: "chat.completion",
      created: unixSeconds(),
      model: answer.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: answer.textChunks.length > 0 ? fullText(answer) : null,
            refusal: null,
            annotations: [],
            ...(calls.length > 0
              ? {
                  tool_calls: calls.map((call) => ({
                    id: call.id,
                    type: "function",
                    function: { name: call.name, arguments: argumentsJson(call.input) },
                  })),
                }
              : {}),
          },
          logprobs: null,
          finish_reason: finishReason(answer),
        },
      ],
      usage: usageOf(answer),
      service_tier: "default",
      system_fingerprint: "fp_standin",
    };
  },

  errorBody: openaiErrorBody,
  keyRejection: openaiKeyRejection,
  apiKeyOf: (headers) => bearerToken(headers),

  toolNamesOf: (body) =>
    asArray(body.tools)
      .map((tool) => asRecord(asRecord(tool).function).name)
      .filter((name): name is string => typeof name === "string"),

  toolResultsOf: (body) =>
    asArray(body.messages)
      .map(asRecord)
      .filter((message) => message.role === "tool")
      .map(
        (message): RecordedToolResult => ({
          callId: typeof message.tool_call_id === "string" ? message.tool_call_id : null,
          name: null,
          output: message.content,
          outputText: asText(message.content),
        }),
      ),
};
