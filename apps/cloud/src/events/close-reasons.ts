import { type ErrorCode, type ErrorFrame, eventCloseCodes } from "@multiclaw/protocol";
import { isCloudError } from "../errors.ts";

/**
 * Why the hub ends an event connection: the WebSocket close code the client branches on, and the `error`
 * frame sent just before it (when the client can still read one). Frames are serialised once, here.
 */
export interface CloseReason {
  closeCode: number;
  /** The close frame's reason text (at most 123 bytes). */
  reason: string;
  /** A serialised `error` frame, or null when sending one would be pointless (a peer that does not read). */
  errorFrame: string | null;
}

function reason(closeCode: number, text: string, code: ErrorCode | null): CloseReason {
  const errorFrame =
    code === null ? null : JSON.stringify({ type: "error", code, message: text } satisfies ErrorFrame);
  return { closeCode, reason: text, errorFrame };
}

/** WebSocket "internal error": the client may reconnect. */
const INTERNAL_ERROR_CLOSE = 1011;

export const closeReasons = {
  helloTimeout: reason(eventCloseCodes.HELLO_TIMEOUT, "No hello frame in time", "BAD_REQUEST"),
  badFrame: reason(eventCloseCodes.BAD_FRAME, "Invalid frame", "BAD_REQUEST"),
  protocolUnsupported: reason(
    eventCloseCodes.PROTOCOL_UNSUPPORTED,
    "Protocol version not supported",
    "PROTOCOL_UNSUPPORTED",
  ),
  authRequired: reason(eventCloseCodes.AUTH_REQUIRED, "Sign-in required", "AUTH_REQUIRED"),
  authInvalid: reason(eventCloseCodes.AUTH_INVALID, "The credentials are not valid", "AUTH_INVALID"),
  authExpired: reason(eventCloseCodes.AUTH_EXPIRED, "The access token has expired", "AUTH_EXPIRED"),
  instanceRevoked: reason(eventCloseCodes.AUTH_INVALID, "This instance has been revoked", "INSTANCE_REVOKED"),
  sessionRevoked: reason(eventCloseCodes.AUTH_INVALID, "This session has been revoked", "AUTH_INVALID"),
  /**
   * A caller who is not a member, or whose membership ended. The error code is NOT_FOUND — the same answer as
   * for a workspace that does not exist, so ids cannot be probed — and the close code MEMBERSHIP_REVOKED tells
   * the client to stop: signing in again would not help, unlike after AUTH_*.
   */
  notAMember: reason(eventCloseCodes.MEMBERSHIP_REVOKED, "Not a member of this workspace", "NOT_FOUND"),
  membershipEnded: reason(
    eventCloseCodes.MEMBERSHIP_REVOKED,
    "Membership of this workspace ended",
    "NOT_FOUND",
  ),
  // The peer is not reading: an error frame would only queue behind the backlog.
  slowConsumer: reason(eventCloseCodes.SLOW_CONSUMER, "Too far behind", null),
  pingTimeout: reason(eventCloseCodes.PING_TIMEOUT, "No pong", null),
  serverRestart: reason(eventCloseCodes.SERVER_RESTART, "Server restarting", null),
  internal: reason(INTERNAL_ERROR_CLOSE, "Internal error", "INTERNAL"),
} as const satisfies Record<string, CloseReason>;

/** Maps what the authenticator or the membership check threw to how the connection is refused. */
export function refusalFor(error: unknown): CloseReason {
  if (!isCloudError(error)) return closeReasons.internal;
  switch (error.code) {
    case "AUTH_EXPIRED":
      return closeReasons.authExpired;
    case "INSTANCE_REVOKED":
      return closeReasons.instanceRevoked;
    case "AUTH_REQUIRED":
      return closeReasons.authRequired;
    case "AUTH_INVALID":
    case "REFRESH_REUSED":
      return closeReasons.authInvalid;
    case "NOT_FOUND":
    case "FORBIDDEN":
      return closeReasons.notAMember;
    default:
      return closeReasons.internal;
  }
}
