import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Route } from "./routes.ts";
import type { AnswerShape, LlmTurn, StandinUsage, TextTurn, ToolCallsTurn } from "./turns.ts";
import type { Answer } from "./wire-format.ts";

/*
 * Writes one turn as an HTTP answer: the vendor's error for error turns, otherwise the answer streamed as SSE or
 * whole, paced and broken as the turn says. Without pacing or faults the whole answer goes out in one write, so
 * benchmarks measure the client, not the stand-in.
 */

export interface ResponseContext {
  route: Route;
  request: Record<string, unknown>;
  requestBytes: number;
  apiKey: string | undefined;
  /** Aborted when the client goes away or the stand-in closes; pending delays stop. */
  signal: AbortSignal;
}

const json = "application/json; charset=utf-8";

function chunksOf(text: string | readonly string[] | undefined): readonly string[] {
  if (text === undefined) return [];
  return typeof text === "string" ? [text] : text;
}

function estimateTokens(characters: number): number {
  return Math.max(1, Math.ceil(characters / 4));
}

function answerOf(turn: TextTurn | ToolCallsTurn, context: ResponseContext): Answer {
  const textChunks = chunksOf(turn.text);
  const toolCalls = turn.type === "tool-calls" ? turn.calls : [];
  const outputCharacters =
    textChunks.join("").length +
    toolCalls.reduce((sum, call) => sum + JSON.stringify(call.input ?? {}).length, 0);
  const usage: StandinUsage = turn.usage ?? {
    inputTokens: estimateTokens(context.requestBytes),
    outputTokens: estimateTokens(outputCharacters),
  };
  return { model: context.route.model, textChunks, toolCalls, usage, request: context.request };
}

/** Resolves false when the wait was cut short (client gone, stand-in closing). */
async function pause(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (!ms) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the text is handed to the socket, or at once when the client is gone. */
function write(response: ServerResponse, text: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    response.write(text, done);
  });
}

async function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  context: ResponseContext,
  delayMs?: number,
) {
  if (!(await pause(delayMs, context.signal))) return;
  response.writeHead(status, { "content-type": json, ...context.route.format.responseHeaders(), ...headers });
  response.end(JSON.stringify(body));
}

async function streamAnswer(
  response: ServerResponse,
  events: string[],
  shape: AnswerShape,
  context: ResponseContext,
) {
  const { fault, chunkDelayMs } = shape;
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...context.route.format.responseHeaders(),
  });
  if (!fault && !chunkDelayMs) {
    response.end(events.join(""));
    return;
  }
  // Vendors send the headers before the first event; a stall at event 0 is then a silent stream, not a
  // missing response.
  response.flushHeaders();
  // A fault past the last event comes after the whole answer (but before the stream ends).
  const faultAt = fault ? Math.min(fault.afterEvents, events.length) : -1;
  for (let index = 0; index <= events.length; index++) {
    if (fault && index === faultAt) {
      if (fault.kind === "disconnect") {
        response.socket?.destroy();
        return;
      }
      if (fault.kind === "stall") return;
      if (fault.kind === "error-event") {
        response.end(context.route.format.errorEvent());
        return;
      }
      await write(response, context.route.format.malformedEvent(), context.signal);
    }
    const event = events[index];
    if (event === undefined) break;
    if (index > 0 && !(await pause(chunkDelayMs, context.signal))) return;
    await write(response, event, context.signal);
  }
  response.end();
}

async function sendWhole(
  response: ServerResponse,
  body: unknown,
  shape: AnswerShape,
  context: ResponseContext,
) {
  if (shape.fault?.kind === "error-event") {
    // A non-streaming answer cannot fail half-way with an event: the vendor answers 500 instead.
    await sendJson(response, 500, context.route.format.errorBody(500, undefined), {}, context);
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(200, { "content-type": json, ...context.route.format.responseHeaders() });
  switch (shape.fault?.kind) {
    case undefined:
      response.end(text);
      return;
    case "malformed":
      response.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    case "disconnect":
      await write(response, text.slice(0, Math.floor(text.length / 2)), context.signal);
      response.socket?.destroy();
      return;
    case "stall":
      response.flushHeaders();
      return;
  }
}

export async function respond(
  response: ServerResponse,
  turn: LlmTurn,
  context: ResponseContext,
): Promise<void> {
  const { format, stream } = context.route;
  switch (turn.type) {
    case "reject-key": {
      const rejection = format.keyRejection(context.apiKey ?? "", turn.echoKey ?? false);
      await sendJson(response, rejection.status, rejection.body, {}, context);
      return;
    }
    case "http-error": {
      const headers: Record<string, string> = {};
      if (turn.retryAfterSeconds !== undefined) headers["retry-after"] = String(turn.retryAfterSeconds);
      if (turn.retryAfterMs !== undefined) headers["retry-after-ms"] = String(turn.retryAfterMs);
      const body = format.errorBody(turn.status, turn.message);
      await sendJson(response, turn.status, body, headers, context, turn.headersDelayMs);
      return;
    }
    case "text":
    case "tool-calls": {
      if (!(await pause(turn.headersDelayMs, context.signal))) return;
      const answer = answerOf(turn, context);
      if (stream) await streamAnswer(response, format.streamEvents(answer), turn, context);
      else await sendWhole(response, format.completeBody(answer), turn, context);
      return;
    }
  }
}

/** The vendor's 400 for a request the stand-in cannot answer (nothing queued, body not JSON). */
export async function refuse(
  response: ServerResponse,
  message: string,
  context: ResponseContext,
): Promise<void> {
  await sendJson(response, 400, context.route.format.errorBody(400, message), {}, context);
}
