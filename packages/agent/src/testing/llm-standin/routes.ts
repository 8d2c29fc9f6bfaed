import { anthropicMessagesFormat } from "./anthropic-messages-format.ts";
import { geminiFormat } from "./gemini-format.ts";
import { openaiChatFormat } from "./openai-chat-format.ts";
import { openaiResponsesFormat } from "./openai-responses-format.ts";
import type { StandinProvider } from "./turns.ts";
import type { WireFormat } from "./wire-format.ts";

/*
 * Which vendor API a request is for. All four share one server: OpenAI and Anthropic under `/v1` (their paths do
 * not collide), Gemini under `/v1beta`, and OpenAI-compatible servers under `/compatible/v1` so their requests
 * are told apart from OpenAI's own.
 */

/** The path each provider's base URL ends in (the AI SDK appends `/responses`, `/messages`, …). */
export const basePaths: Readonly<Record<StandinProvider, string>> = {
  openai: "/v1",
  anthropic: "/v1",
  gemini: "/v1beta",
  "openai-compatible": "/compatible/v1",
};

export interface Route {
  provider: StandinProvider;
  format: WireFormat;
  stream: boolean;
  model: string;
}

const geminiPath = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** The route of a POST, or undefined for a path no vendor has. */
export function routeOf(url: URL, body: Record<string, unknown>): Route | undefined {
  const model = typeof body.model === "string" ? body.model : "";
  const stream = body.stream === true;
  switch (url.pathname) {
    case "/v1/responses":
      return { provider: "openai", format: openaiResponsesFormat, stream, model };
    case "/v1/chat/completions":
      return { provider: "openai", format: openaiChatFormat, stream, model };
    case "/compatible/v1/chat/completions":
      return { provider: "openai-compatible", format: openaiChatFormat, stream, model };
    case "/v1/messages":
      return { provider: "anthropic", format: anthropicMessagesFormat, stream, model };
  }
  const gemini = geminiPath.exec(url.pathname);
  if (gemini?.[1] && gemini[2]) {
    // Without alt=sse Gemini streams one JSON array; the stand-in speaks only the SSE form clients use.
    const streaming = gemini[2] === "streamGenerateContent";
    if (streaming && url.searchParams.get("alt") !== "sse") return undefined;
    return { provider: "gemini", format: geminiFormat, stream: streaming, model: gemini[1] };
  }
  return undefined;
}
