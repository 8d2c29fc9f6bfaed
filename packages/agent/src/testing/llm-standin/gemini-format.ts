/*
 * The Gemini API (POST /v1beta/models/{model}:generateContent and :streamGenerateContent?alt=sse,
 * https://ai.google.dev/api/generate-content): GenerateContentResponse objects (candidates with parts, text or
 * whole `functionCall`s, `usageMetadata` on every chunk and complete on the last), SSE framed with `\r\n`, and
 * Google's `{ error: { code, message, status, details } }` bodies. A wrong key is a 400 INVALID_ARGUMENT with
 * reason API_KEY_INVALID, not a 401.
 */
import {
  type Answer,
  asArray,
  asRecord,
  asText,
  fullText,
  type RecordedToolResult,
  randomToken,
  sseEvent,
  type WireFormat,
} from "./wire-format.ts";

const statuses: Record<number, { status: string; message: string }> = {
  400: { status: "INVALID_ARGUMENT", message: "Request contains an invalid argument." },
  401: {
    status: "UNAUTHENTICATED",
    message:
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
  },
  403: {
    status: "PERMISSION_DENIED",
    message:
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  },
  404: { status: "NOT_FOUND", message: "models/unknown is not found for API version v1beta." },
  429: { status: "RESOURCE_EXHAUSTED", message: "Resource has been exhausted (e.g. check quota)." },
  500: {
    status: "INTERNAL",
    message:
      "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  },
  503: { status: "UNAVAILABLE", message: "The model is overloaded. Please try again later." },
  504: { status: "DEADLINE_EXCEEDED", message: "Deadline expired before operation could complete." },
};

function errorBody(status: number, message: string | undefined) {
  const known = statuses[status] ?? statuses[status >= 500 ? 500 : 400];
  return { error: { code: status, message: message ?? known?.message, status: known?.status } };
}

function promptDetails(answer: Answer) {
  return [{ modality: "TEXT", tokenCount: answer.usage.inputTokens }];
}

/** Usage as Gemini reports it: prompt only while streaming, with the candidates' count on the last chunk. */
function usageMetadata(answer: Answer, final: boolean) {
  const { inputTokens, outputTokens } = answer.usage;
  return final
    ? {
        promptTokenCount: inputTokens,
        candidatesTokenCount: outputTokens,
        totalTokenCount: inputTokens + outputTokens,
        promptTokensDetails: promptDetails(answer),
      }
    : {
        promptTokenCount: inputTokens,
        totalTokenCount: inputTokens,
        promptTokensDetails: promptDetails(answer),
      };
}

function functionCallParts(answer: Answer) {
  return answer.toolCalls.map((call) => ({ functionCall: { name: call.name, args: call.input ?? {} } }));
}

export const geminiFormat: WireFormat = {
  name: "gemini",

  responseHeaders: () => ({ "x-gemini-service-tier": "standard", server: "scaffolding on HTTPServer2" }),

  streamEvents(answer) {
    const responseId = randomToken(22);
    const parts: unknown[][] = answer.textChunks.map((text) => [{ text }]);
    if (answer.toolCalls.length > 0) parts.push(functionCallParts(answer));
    if (parts.length === 0) parts.push([{ text: "" }]);
    return parts.map((chunkParts, index) => {
      const final = index === parts.length - 1;
      return sseEvent(
        {
          candidates: [
            {
              content: { parts: chunkParts, role: "model" },
              ...(final ? { finishReason: "STOP" } : {}),
              index: 0,
            },
          ],
          usageMetadata: usageMetadata(answer, final),
          modelVersion: answer.model,
          responseId,
        },
        undefined,
        "\r\n",
      );
    });
  },

  malformedEvent: () => sseEvent('{"candidates":[{"content":{"parts":[{"text":"', undefined, "\r\n"),

  errorEvent: () => sseEvent(errorBody(503, undefined), undefined, "\r\n"),

  completeBody(answer) {
    const parts: unknown[] = answer.textChunks.length > 0 ? [{ text: fullText(answer) }] : [];
    parts.push(...functionCallParts(answer));
    return {
      candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata: usageMetadata(answer, true),
      modelVersion: answer.model,
      responseId: randomToken(22),
    };
  },

  errorBody,

  keyRejection(apiKey, echoKey) {
    const message = echoKey
      ? `API key not valid. Please pass a valid API key. (key: ${apiKey})`
      : "API key not valid. Please pass a valid API key.";
    return {
      status: 400,
      body: {
        error: {
          code: 400,
          message,
          status: "INVALID_ARGUMENT",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "API_KEY_INVALID",
              domain: "googleapis.com",
              metadata: { service: "generativelanguage.googleapis.com" },
            },
            { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message },
          ],
        },
      },
    };
  },

  apiKeyOf: (headers, url) => headers["x-goog-api-key"] ?? url.searchParams.get("key") ?? undefined,

  toolNamesOf: (body) =>
    asArray(body.tools)
      .flatMap((tool) => asArray(asRecord(tool).functionDeclarations))
      .map((declaration) => asRecord(declaration).name)
      .filter((name): name is string => typeof name === "string"),

  toolResultsOf: (body) =>
    asArray(body.contents)
      .flatMap((content) => asArray(asRecord(content).parts))
      .map((part) => asRecord(asRecord(part).functionResponse))
      .filter((response) => typeof response.name === "string")
      .map(
        (response): RecordedToolResult => ({
          callId: typeof response.id === "string" ? response.id : null,
          name: response.name as string,
          output: response.response,
          outputText: asText(response.response),
        }),
      ),
};
