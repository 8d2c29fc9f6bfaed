/*
 * Anthropic's Messages API (POST /v1/messages, https://docs.anthropic.com/en/api/messages-streaming): the
 * message object, the SSE sequence message_start → content_block_start/delta/stop (text_delta, input_json_delta)
 * → message_delta (stop_reason, usage) → message_stop, with a `ping` after the first block as the API sends it,
 * and Anthropic's `{ type: "error", error: { type, message } }` bodies.
 */
import {
  type Answer,
  asArray,
  asRecord,
  asText,
  fullText,
  inHalves,
  type RecordedToolResult,
  randomToken,
  sseEvent,
  type WireFormat,
} from "./wire-format.ts";

const errorTypes: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "Invalid request." },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  403: {
    type: "permission_error",
    message: "Your API key does not have permission to use the specified resource.",
  },
  404: { type: "not_found_error", message: "The requested resource could not be found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: {
    type: "rate_limit_error",
    message: "This request would exceed the rate limit for your organization of 50 requests per minute.",
  },
  500: { type: "api_error", message: "Internal server error" },
  529: { type: "overloaded_error", message: "Overloaded" },
};

function errorBody(status: number, message: string | undefined) {
  const known = errorTypes[status] ?? errorTypes[status >= 500 ? 500 : 400];
  return {
    type: "error",
    error: { type: known?.type ?? "api_error", message: message ?? known?.message ?? "Error" },
    request_id: `req_${randomToken(24)}`,
  };
}

function withIds(answer: Answer) {
  return answer.toolCalls.map((call) => ({ ...call, id: `toolu_01${randomToken(22)}` }));
}

function stopReason(answer: Answer): string {
  return answer.toolCalls.length > 0 ? "tool_use" : "end_turn";
}

function message(answer: Answer, content: unknown[], outputTokens: number, stop: string | null) {
  return {
    id: `msg_01${randomToken(22)}`,
    type: "message",
    role: "assistant",
    model: answer.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: {
      input_tokens: answer.usage.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: outputTokens,
      service_tier: "standard",
    },
  };
}

export const anthropicMessagesFormat: WireFormat = {
  name: "anthropic-messages",

  responseHeaders: () => ({ "request-id": `req_${randomToken(24)}`, "anthropic-organization-id": "standin" }),

  streamEvents(answer) {
    const event = (type: string, fields: Record<string, unknown> = {}) => sseEvent({ type, ...fields }, type);
    const events = [event("message_start", { message: message(answer, [], 1, null) })];
    let index = 0;
    if (answer.textChunks.length > 0) {
      events.push(
        event("content_block_start", { index, content_block: { type: "text", text: "" } }),
        event("ping"),
        ...answer.textChunks.map((text) =>
          event("content_block_delta", { index, delta: { type: "text_delta", text } }),
        ),
        event("content_block_stop", { index }),
      );
      index += 1;
    }
    for (const call of withIds(answer)) {
      events.push(
        event("content_block_start", {
          index,
          content_block: { type: "tool_use", id: call.id, name: call.name, input: {} },
        }),
        event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } }),
        ...inHalves(JSON.stringify(call.input ?? {})).map((partial_json) =>
          event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }),
        ),
        event("content_block_stop", { index }),
      );
      index += 1;
    }
    events.push(
      event("message_delta", {
        delta: { stop_reason: stopReason(answer), stop_sequence: null },
        usage: { output_tokens: answer.usage.outputTokens },
      }),
      event("message_stop"),
    );
    return events;
  },

  malformedEvent: () =>
    sseEvent(
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"',
      "content_block_delta",
    ),

  errorEvent: () => sseEvent({ type: "error", error: errorBody(529, undefined).error }, "error"),

  completeBody(answer) {
    const content: unknown[] = [];
    if (answer.textChunks.length > 0) content.push({ type: "text", text: fullText(answer) });
    for (const call of withIds(answer)) {
      content.push({ type: "tool_use", id: call.id, name: call.name, input: call.input ?? {} });
    }
    return message(answer, content, answer.usage.outputTokens, stopReason(answer));
  },

  errorBody,

  keyRejection: (apiKey, echoKey) => ({
    status: 401,
    body: errorBody(401, echoKey ? `invalid x-api-key: ${apiKey}` : undefined),
  }),

  apiKeyOf: (headers) => headers["x-api-key"],

  toolNamesOf: (body) =>
    asArray(body.tools)
      .map((tool) => asRecord(tool).name)
      .filter((name): name is string => typeof name === "string"),

  toolResultsOf: (body) =>
    asArray(body.messages)
      .flatMap((entry) => asArray(asRecord(entry).content))
      .map(asRecord)
      .filter((block) => block.type === "tool_result")
      .map(
        (block): RecordedToolResult => ({
          callId: typeof block.tool_use_id === "string" ? block.tool_use_id : null,
          name: null,
          output: block.content,
          outputText: asText(block.content),
        }),
      ),
};
