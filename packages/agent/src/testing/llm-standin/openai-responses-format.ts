/*
 * OpenAI's Responses API (POST /v1/responses): the response object, its streaming events
 * (https://platform.openai.com/docs/api-reference/responses-streaming) and OpenAI's error bodies.
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

function responseShell(answer: Answer, id: string, createdAt: number) {
  return {
    id,
    object: "response",
    created_at: createdAt,
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: answer.model,
    output: [] as unknown[],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: true,
    temperature: 1,
    text: { format: { type: "text" }, verbosity: "medium" },
    tool_choice: "auto",
    tools: [] as unknown[],
    top_p: 1,
    truncation: "disabled",
    usage: null as unknown,
    user: null,
    metadata: {},
  };
}

function usageOf(answer: Answer) {
  const { inputTokens, outputTokens } = answer.usage;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** The finished output items, with the ids the stream also uses. */
function outputItems(answer: Answer) {
  const items: Record<string, unknown>[] = [];
  const text = fullText(answer);
  if (answer.textChunks.length > 0) {
    items.push({
      id: `msg_${randomToken(48)}`,
      type: "message",
      status: "completed",
      content: [{ type: "output_text", annotations: [], logprobs: [], text }],
      role: "assistant",
    });
  }
  for (const call of answer.toolCalls) {
    items.push({
      id: `fc_${randomToken(48)}`,
      type: "function_call",
      status: "completed",
      arguments: argumentsJson(call.input),
      call_id: `call_${randomToken(24)}`,
      name: call.name,
    });
  }
  return items;
}

export const openaiResponsesFormat: WireFormat = {
  name: "openai-responses",

  responseHeaders: () => ({ "x-request-id": `req_${randomToken(32)}`, "openai-processing-ms": "1" }),

  streamEvents(answer) {
    const shell = responseShell(answer, `resp_${randomToken(48)}`, unixSeconds());
    const items = outputItems(answer);
    let sequence = 0;
    const event = (type: string, fields: Record<string, unknown>) =>
      sseEvent({ type, sequence_number: sequence++, ...fields }, type);

    const events = [
      event("response.created", { response: shell }),
      event("response.in_progress", { response: shell }),
    ];
    items.forEach((item, outputIndex) => {
      const id = item.id as string;
      if (item.type === "message") {
        const text = fullText(answer);
        const part = { type: "output_text", annotations: [], logprobs: [], text: "" };
        const position = { item_id: id, output_index: outputIndex, content_index: 0 };
        events.push(
          event("response.output_item.added", {
            output_index: outputIndex,
            item: { id, type: "message", status: "in_progress", content: [], role: "assistant" },
          }),
          event("response.content_part.added", { ...position, part }),
          ...answer.textChunks.map((delta) =>
            event("response.output_text.delta", { ...position, delta, logprobs: [] }),
          ),
          event("response.output_text.done", { ...position, text, logprobs: [] }),
          event("response.content_part.done", { ...position, part: { ...part, text } }),
          event("response.output_item.done", { output_index: outputIndex, item }),
        );
      } else {
        const args = item.arguments as string;
        events.push(
          event("response.output_item.added", {
            output_index: outputIndex,
            item: { ...item, status: "in_progress", arguments: "" },
          }),
          ...inHalves(args).map((delta) =>
            event("response.function_call_arguments.delta", {
              item_id: id,
              output_index: outputIndex,
              delta,
            }),
          ),
          event("response.function_call_arguments.done", {
            item_id: id,
            output_index: outputIndex,
            arguments: args,
          }),
          event("response.output_item.done", { output_index: outputIndex, item }),
        );
      }
    });
    events.push(
      event("response.completed", {
        response: { ...shell, status: "completed", output: items, usage: usageOf(answer) },
      }),
    );
    return events;
  },

  malformedEvent: () =>
    sseEvent(
      '{"type":"response.output_text.delta","item_id":"msg_1","delta":"unterminated',
      "response.output_text.delta",
    ),

  errorEvent: () =>
    sseEvent(
      {
        type: "error",
        sequence_number: 1000,
        code: "server_error",
        message: "The server had an error while processing your request. Sorry about that!",
        param: null,
      },
      "error",
    ),

  completeBody: (answer) => ({
    ...responseShell(answer, `resp_${randomToken(48)}`, unixSeconds()),
    status: "completed",
    output: outputItems(answer),
    usage: usageOf(answer),
  }),

  errorBody: openaiErrorBody,
  keyRejection: openaiKeyRejection,
  apiKeyOf: (headers) => bearerToken(headers),

  toolNamesOf: (body) =>
    asArray(body.tools)
      .map((tool) => asRecord(tool).name)
      .filter((name): name is string => typeof name === "string"),

  toolResultsOf: (body) =>
    asArray(body.input)
      .map(asRecord)
      .filter((item) => item.type === "function_call_output")
      .map(
        (item): RecordedToolResult => ({
          callId: typeof item.call_id === "string" ? item.call_id : null,
          name: null,
          output: item.output,
          outputText: asText(item.output),
        }),
      ),
};
