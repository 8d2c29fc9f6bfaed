import type { IncomingHttpHeaders } from "node:http";
import type { Route } from "./routes.ts";
import type { LlmTurn, StandinProvider } from "./turns.ts";
import type { RecordedToolResult, WireFormatName } from "./wire-format.ts";

/** What the stand-in saw of one request, so a test can assert what the client sent. */
export interface RecordedRequest {
  readonly provider: StandinProvider;
  readonly format: WireFormatName;
  readonly method: string;
  /** Path and query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`. */
  readonly path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly stream: boolean;
  readonly model: string;
  /** The key, from wherever this vendor expects it (authorization, x-api-key, x-goog-api-key). */
  readonly apiKey: string | undefined;
  /** Names of the tools the model was offered. */
  readonly toolNames: readonly string[];
  /** Tool results the client sent back to the model. */
  readonly toolResults: readonly RecordedToolResult[];
  /** The turn that answered it; undefined when none was queued (the request got a 400 saying so). */
  readonly turn: LlmTurn | undefined;
  /** When it arrived, in `performance.now()` milliseconds (to measure the wait between retries). */
  readonly receivedAt: number;
}

export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export function recordRequest(
  request: {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body: Record<string, unknown>;
    receivedAt: number;
  },
  route: Route,
  turn: LlmTurn | undefined,
): RecordedRequest {
  return {
    provider: route.provider,
    format: route.format.name,
    method: request.method,
    path: `${request.url.pathname}${request.url.search}`,
    headers: request.headers,
    body: request.body,
    stream: route.stream,
    model: route.model,
    apiKey: route.format.apiKeyOf(request.headers, request.url),
    toolNames: route.format.toolNamesOf(request.body),
    toolResults: route.format.toolResultsOf(request.body),
    turn,
    receivedAt: request.receivedAt,
  };
}
