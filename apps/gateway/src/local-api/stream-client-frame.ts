import { StreamClientFrame, SUPPORTED_PROTOCOL_VERSIONS } from "@multiclaw/protocol";
import type { RawData } from "ws";
import { type StreamCloseReason, streamCloseReasons } from "./stream-close-reasons.ts";

export type ParsedStreamFrame =
  | { ok: true; frame: StreamClientFrame }
  | { ok: false; refusal: StreamCloseReason };

/**
 * Reads one client frame. Before the hello, anything but a hello is refused as AUTH_REQUIRED (the token comes
 * first); the protocol version is checked before the frame's shape, so a newer client is told
 * PROTOCOL_UNSUPPORTED rather than BAD_FRAME.
 */
export function parseStreamFrame(
  data: RawData,
  isBinary: boolean,
  awaitingHello: boolean,
): ParsedStreamFrame {
  const badFrame = awaitingHello ? streamCloseReasons.authRequired : streamCloseReasons.badFrame;
  if (isBinary) return { ok: false, refusal: badFrame };
  let value: unknown;
  try {
    value = JSON.parse(textOf(data));
  } catch {
    return { ok: false, refusal: badFrame };
  }
  const { type, protocol } = (typeof value === "object" && value !== null ? value : {}) as {
    type?: unknown;
    protocol?: unknown;
  };
  if (awaitingHello && type !== "hello") return { ok: false, refusal: streamCloseReasons.authRequired };
  if (type === "hello" && typeof protocol === "number" && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocol)) {
    return { ok: false, refusal: streamCloseReasons.protocolUnsupported };
  }
  const parsed = StreamClientFrame.safeParse(value);
  return parsed.success ? { ok: true, frame: parsed.data } : { ok: false, refusal: badFrame };
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
