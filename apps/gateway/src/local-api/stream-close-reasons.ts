import { type ErrorCode, eventCloseCodes, type StreamErrorFrame } from "@multiclaw/protocol";

/**
 * Why the run-event stream ends a connection: the WebSocket close code a client branches on (the same codes as
 * the Cloud's event stream) and the `error` frame sent just before, when the client can still read one.
 */
export interface StreamCloseReason {
  closeCode: number;
  /** The close frame's reason text (at most 123 bytes). */
  reason: string;
  errorFrame: string | null;
}

function reason(closeCode: number, text: string, code: ErrorCode | null): StreamCloseReason {
  const errorFrame =
    code === null ? null : JSON.stringify({ type: "error", code, message: text } satisfies StreamErrorFrame);
  return { closeCode, reason: text, errorFrame };
}

/** WebSocket "internal error": the client may reconnect and resume. */
const INTERNAL_ERROR_CLOSE = 1011;

export const streamCloseReasons = {
  helloTimeout: reason(eventCloseCodes.HELLO_TIMEOUT, "No hello frame in time", "AUTH_REQUIRED"),
  authRequired: reason(
    eventCloseCodes.AUTH_REQUIRED,
    "The first frame must be a hello carrying the API token or, from the App, its session cookie",
    "AUTH_REQUIRED",
  ),
  authInvalid: reason(eventCloseCodes.AUTH_INVALID, "The API token is not this gateway's", "AUTH_INVALID"),
  appSessionEnded: reason(eventCloseCodes.AUTH_INVALID, "The App's session has ended", "AUTH_INVALID"),
  badFrame: reason(eventCloseCodes.BAD_FRAME, "Invalid frame", "BAD_REQUEST"),
  protocolUnsupported: reason(
    eventCloseCodes.PROTOCOL_UNSUPPORTED,
    "Protocol version not supported",
    "PROTOCOL_UNSUPPORTED",
  ),
  // The peer is not reading: an error frame would only queue behind the backlog.
  slowConsumer: reason(eventCloseCodes.SLOW_CONSUMER, "Too far behind", null),
  serverRestart: reason(eventCloseCodes.SERVER_RESTART, "Gateway stopping", null),
  internal: reason(INTERNAL_ERROR_CLOSE, "Internal error", "INTERNAL"),
} as const satisfies Record<string, StreamCloseReason>;
