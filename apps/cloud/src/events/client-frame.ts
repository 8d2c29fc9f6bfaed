import { ClientFrame, SUPPORTED_PROTOCOL_VERSIONS } from "@multiclaw/protocol";
import type { RawData } from "ws";
import { type CloseReason, closeReasons } from "./close-reasons.ts";

export type ParsedClientFrame = { ok: true; frame: ClientFrame } | { ok: false; refusal: CloseReason };

/**
 * Reads one frame from a client. The protocol version is checked before the frame's shape, so a newer client
 * whose hello has fields this build does not know is told PROTOCOL_UNSUPPORTED, not BAD_FRAME.
 */
export function parseClientFrame(data: RawData, isBinary: boolean): ParsedClientFrame {
  if (isBinary) return { ok: false, refusal: closeReasons.badFrame };
  let value: unknown;
  try {
    value = JSON.parse(textOf(data));
  } catch {
    return { ok: false, refusal: closeReasons.badFrame };
  }
  if (isForeignHello(value)) return { ok: false, refusal: closeReasons.protocolUnsupported };
  const parsed = ClientFrame.safeParse(value);
  return parsed.success ? { ok: true, frame: parsed.data } : { ok: false, refusal: closeReasons.badFrame };
}

function isForeignHello(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { type, protocol } = value as { type?: unknown; protocol?: unknown };
  return type === "hello" && typeof protocol === "number" && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocol);
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
