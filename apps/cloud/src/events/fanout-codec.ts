import type { FanoutMessage } from "./fanout.ts";

/**
 * The text a fan-out message travels as between Cloud nodes. The sending node's id comes first so a node can
 * skip its own messages without parsing them, and an event's frame is appended raw (not escaped into JSON a
 * second time), so each side does one pass over it:
 *
 *   <nodeId>|e|<workspaceId>|<seq>|<frame>
 *   <nodeId>|c|<control message as JSON>
 */
export interface DecodedFanoutMessage {
  nodeId: string;
  message: FanoutMessage;
}

const SEPARATOR = "|";

export function isValidNodeId(nodeId: string): boolean {
  return nodeId.length > 0 && !nodeId.includes(SEPARATOR);
}

export function encodeFanoutMessage(nodeId: string, message: FanoutMessage): string {
  if (message.kind === "event") {
    if (message.workspaceId.includes(SEPARATOR)) throw new Error("A workspace id cannot contain '|'");
    return `${nodeId}|e|${message.workspaceId}|${message.seq}|${message.frame}`;
  }
  return `${nodeId}|c|${JSON.stringify(message)}`;
}

/** The id of the node that sent `payload`, read without decoding the rest. */
export function senderOf(payload: string): string {
  const end = payload.indexOf(SEPARATOR);
  return end < 0 ? "" : payload.slice(0, end);
}

/** Throws on a payload this build does not understand (another version, or not ours). */
export function decodeFanoutMessage(payload: string): DecodedFanoutMessage {
  const nodeEnd = payload.indexOf(SEPARATOR);
  if (nodeEnd <= 0) throw new Error("Fan-out message without a node id");
  const nodeId = payload.slice(0, nodeEnd);
  const tag = payload.slice(nodeEnd + 1, nodeEnd + 3);
  if (tag === "e|") {
    const workspaceEnd = payload.indexOf(SEPARATOR, nodeEnd + 3);
    const seqEnd = workspaceEnd < 0 ? -1 : payload.indexOf(SEPARATOR, workspaceEnd + 1);
    if (seqEnd < 0) throw new Error("Truncated fan-out event");
    const workspaceId = payload.slice(nodeEnd + 3, workspaceEnd);
    const seq = Number(payload.slice(workspaceEnd + 1, seqEnd));
    if (!workspaceId || !Number.isSafeInteger(seq) || seq < 1) throw new Error("Malformed fan-out event");
    return { nodeId, message: { kind: "event", workspaceId, seq, frame: payload.slice(seqEnd + 1) } };
  }
  if (tag === "c|") return { nodeId, message: parseControl(payload.slice(nodeEnd + 3)) };
  throw new Error(`Unknown fan-out message tag ${JSON.stringify(tag)}`);
}

function parseControl(json: string): FanoutMessage {
  const value: unknown = JSON.parse(json);
  if (typeof value !== "object" || value === null) {
    throw new Error("Fan-out control message is not an object");
  }
  const fields = value as Record<string, unknown>;
  const text = (name: string): string => {
    const field = fields[name];
    if (typeof field !== "string" || field.length === 0) {
      throw new Error(`Fan-out control message lacks ${name}`);
    }
    return field;
  };
  switch (fields.kind) {
    case "close-member":
      return { kind: "close-member", workspaceId: text("workspaceId"), userId: text("userId") };
    case "close-instance":
      return { kind: "close-instance", instanceId: text("instanceId") };
    case "close-family":
      return { kind: "close-family", familyId: text("familyId") };
    case "pusher-event":
      return parsePusherEvent(fields);
    default:
      throw new Error(`Unknown fan-out control message ${JSON.stringify(fields.kind)}`);
  }
}

function parsePusherEvent(fields: Record<string, unknown>): FanoutMessage {
  const { channels, event, data, exceptSocketId } = fields;
  if (
    !Array.isArray(channels) ||
    !channels.every((channel) => typeof channel === "string") ||
    typeof event !== "string" ||
    typeof data !== "string" ||
    (exceptSocketId !== null && typeof exceptSocketId !== "string")
  ) {
    throw new Error("Malformed fan-out Pusher event");
  }
  return { kind: "pusher-event", channels, event, data, exceptSocketId };
}
