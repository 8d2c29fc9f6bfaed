import { type ErrorCode, eventCloseCodes } from "@multiclaw/protocol";

/**
 * What a client does after its event connection ended:
 * - `reconnect`: with backoff, resuming from its last event number (restart, slow consumer, lost link);
 * - `reauthenticate`: the access token was refused — get a new one, then reconnect;
 * - `stop`: reconnecting cannot help (instance revoked, membership ended, protocol not spoken).
 */
export type StreamCloseAction = "reconnect" | "reauthenticate" | "stop";

/** Why a stream must stop. */
export type StreamStopReason = "instance-revoked" | "membership-revoked" | "protocol-unsupported";

export interface StreamEnd {
  action: StreamCloseAction;
  /** Set when `action` is `stop`. */
  stopReason: StreamStopReason | null;
  /** The WebSocket close code (1006 when the connection was lost without one). */
  closeCode: number;
  reason: string;
  /** The code of the `error` frame the Cloud sent before closing, if any. */
  errorCode: ErrorCode | null;
  /** Whether the Cloud had welcomed this connection. */
  welcomed: boolean;
  /** Set when this side ended the connection (stopped, liveness or handshake timeout, bad frame). */
  byClient: boolean;
}

/**
 * The close-code table of `eventCloseCodes` read as actions. An `error` frame sent before the close is more
 * specific than the close code: a revoked instance is closed as AUTH_INVALID, but its frame says
 * INSTANCE_REVOKED, and signing in again would not help.
 */
export function classifyStreamClose(
  closeCode: number,
  errorCode: ErrorCode | null,
): Pick<StreamEnd, "action" | "stopReason"> {
  if (errorCode === "INSTANCE_REVOKED") return { action: "stop", stopReason: "instance-revoked" };
  switch (closeCode) {
    case eventCloseCodes.MEMBERSHIP_REVOKED:
      return { action: "stop", stopReason: "membership-revoked" };
    case eventCloseCodes.PROTOCOL_UNSUPPORTED:
      return { action: "stop", stopReason: "protocol-unsupported" };
    case eventCloseCodes.AUTH_REQUIRED:
    case eventCloseCodes.AUTH_INVALID:
    case eventCloseCodes.AUTH_EXPIRED:
      return { action: "reauthenticate", stopReason: null };
    default:
      // Restart, slow consumer, ping timeout, hello timeout, a lost link, an internal error: come back.
      return { action: "reconnect", stopReason: null };
  }
}
