import { randomBytes } from "node:crypto";
import type { StandinToolCall, StandinUsage } from "./turns.ts";

/*
 * One vendor API as the stand-in speaks it: how an answer is rendered (streamed as SSE or whole) and how an
 * error looks, plus where a request carries the key, the tools and the tool results. Each format lives in its
 * own file and follows the vendor's documented wire shapes field by field.
 */

export type WireFormatName = "openai-responses" | "openai-chat" | "anthropic-messages" | "gemini";

/** A successful answer, before it is put in a vendor's shape. */
export interface Answer {
  model: string;
  textChunks: readonly string[];
  toolCalls: readonly StandinToolCall[];
  usage: StandinUsage;
  /** The parsed request body (some options change the answer, e.g. OpenAI's `stream_options`). */
  request: Record<string, unknown>;
}

/** A tool result the client sent back, as the stand-in found it in the request. */
export interface RecordedToolResult {
  /** The id of the call it answers (Gemini has none: null). */
  callId: string | null;
  /** The tool's name, where the format carries it (Gemini) — else null. */
  name: string | null;
  /** The result as sent. */
  output: unknown;
  /** The result as text (JSON for anything that is not a string), for `toContain` assertions. */
  outputText: string;
}

export interface WireFormat {
  readonly name: WireFormatName;
  /** Headers every answer of this vendor carries (request ids). */
  responseHeaders(): Record<string, string>;
  /** The streamed answer, one serialised SSE event per entry. */
  streamEvents(answer: Answer): string[];
  /** An event whose data is not JSON, in this vendor's framing. */
  malformedEvent(): string;
  /** The vendor's error event when it fails mid-answer. */
  errorEvent(): string;
  /** The non-streaming answer body. */
  completeBody(answer: Answer): unknown;
  /** The vendor's error body for an HTTP status. */
  errorBody(status: number, message: string | undefined): unknown;
  /** The vendor's answer to a wrong key. */
  keyRejection(apiKey: string, echoKey: boolean): { status: number; body: unknown };
  /** The key the request carries, where this vendor expects it. */
  apiKeyOf(headers: Record<string, string>, url: URL): string | undefined;
  toolNamesOf(body: Record<string, unknown>): string[];
  toolResultsOf(body: Record<string, unknown>): RecordedToolResult[];
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random alphanumeric token, for vendor-style ids (`resp_…`, `toolu_…`). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = "";
  for (const byte of bytes) token += alphabet[byte % alphabet.length];
  return token;
}

/** One SSE event: optional `event:` line, one `data:` line, blank line (`\r\n` framing for Gemini). */
export function sseEvent(data: unknown, event?: string, eol = "\n"): string {
  const payload = typeof data === "string" ? data : JSON.stringify(data);
  return `${event === undefined ? "" : `event: ${event}${eol}`}data: ${payload}${eol}${eol}`;
}

export function fullText(answer: Answer): string {
  return answer.textChunks.join("");
}

export function argumentsJson(input: unknown): string {
  return JSON.stringify(input ?? {});
}

/** Splits a string in two, so argument deltas really arrive in pieces. */
export function inHalves(text: string): string[] {
  if (text.length < 2) return [text];
  const middle = Math.ceil(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)];
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
