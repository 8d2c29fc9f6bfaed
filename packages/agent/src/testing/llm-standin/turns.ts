/*
 * What a test scripts the stand-in to answer. One turn answers one HTTP request, in the wire format of whichever
 * vendor API the request came to, so the same script drives every provider.
 */

/** The providers the stand-in impersonates (the protocol's provider names). */
export type StandinProvider = "openai" | "anthropic" | "gemini" | "openai-compatible";

/** Token counts the answer reports, in each vendor's own usage fields. */
export interface StandinUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Something going wrong part-way through an answer, after `afterEvents` SSE events (the vendor's preamble
 * events such as `response.created` or `message_start` count; a number past the last event means after the
 * whole answer, before the stream ends). On a non-streaming request it happens after the status line and
 * headers, part-way through the body.
 *
 * - `malformed`: one event whose `data` is not JSON, then the rest of the answer (a corrupting proxy).
 * - `error-event`: the vendor's in-stream error event (Anthropic's `overloaded_error`, OpenAI's
 *   `server_error`, Gemini's UNAVAILABLE), and the stream ends, as the vendors do when they fail mid-answer.
 * - `disconnect`: the socket is destroyed.
 * - `stall`: nothing more is sent; the connection stays open until the client gives up.
 */
export interface StreamFault {
  kind: "malformed" | "error-event" | "disconnect" | "stall";
  afterEvents: number;
}

/** Pacing and faults of a successful answer. */
export interface AnswerShape {
  /** Wait this long before sending the status line and headers. */
  headersDelayMs?: number;
  /** Wait this long before each SSE event after the first. */
  chunkDelayMs?: number;
  fault?: StreamFault;
  /** Token counts to report; by default about one token per four characters of request and answer. */
  usage?: StandinUsage;
}

/** Only requests to this provider take the turn; by default any request does. */
interface Targeted {
  for?: StandinProvider;
}

/** A text answer. An array is sent as exactly these deltas. */
export interface TextTurn extends AnswerShape, Targeted {
  type: "text";
  text: string | readonly string[];
}

/** One tool call the model makes. */
export interface StandinToolCall {
  name: string;
  /** The arguments; sent as the vendor sends them (a JSON string, or an object for Gemini). */
  input: unknown;
}

/** The model asks for one or several tools (optionally after some text). */
export interface ToolCallsTurn extends AnswerShape, Targeted {
  type: "tool-calls";
  calls: readonly StandinToolCall[];
  text?: string | readonly string[];
}

/**
 * The vendor's own answer to a wrong key: OpenAI and Anthropic say 401, Gemini says 400 `API_KEY_INVALID`.
 * `echoKey` puts the key the request carried into the message, as some OpenAI-compatible servers do, so tests
 * can prove it never reaches a log or a user.
 */
export interface RejectKeyTurn extends Targeted {
  type: "reject-key";
  echoKey?: boolean;
}

/** An HTTP error with the vendor's error body (429 rate limit, 500, 503, 529 …). */
export interface HttpErrorTurn extends Targeted {
  type: "http-error";
  status: number;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`, as OpenAI does. */
  retryAfterMs?: number;
  /** Replaces the vendor's usual message for this status. */
  message?: string;
  headersDelayMs?: number;
}

export type LlmTurn = TextTurn | ToolCallsTurn | RejectKeyTurn | HttpErrorTurn;
