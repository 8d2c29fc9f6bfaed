/*
 * A refusal by the egress guard, read back from whatever carried it: an error chain (fetch's `cause`, a
 * CloudError's), a WebSocket error event, or only the message a stream's end kept. The link takes no
 * dependency on the guard itself, so it recognises the refusal by its stable code and the guard's message
 * shape, `egress blocked: <target> (row <id>): <reason>`.
 */

export interface EgressRefusal {
  /** The inventory row that was refused (`cloud-api`, `cloud-events`), when known. */
  rowId: string | undefined;
  /** Why, in the guard's words ("you blocked it (multiclaw connections unblock cloud-events)"). */
  reason: string;
  /** The whole message, for logs and `lastError`. */
  message: string;
}

const guardMessage = /^egress blocked: \S+(?: \(row ([^)\s]+)\))?: (.+)$/s;

/** Reads a refusal from the guard's message; anything else is kept whole as the reason. */
export function parseEgressRefusal(message: string): EgressRefusal {
  const match = guardMessage.exec(message);
  return match
    ? { rowId: match[1], reason: match[2] as string, message }
    : { rowId: undefined, reason: message, message };
}

/** The guard's refusal inside `error` (its cause chain, or a WebSocket error event's `error`), if any. */
export function egressRefusalIn(error: unknown): EgressRefusal | undefined {
  let current: unknown = error;
  let found: EgressRefusal | undefined;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; rowId?: unknown; reason?: unknown };
    if (candidate.code === "EGRESS_BLOCKED" && typeof candidate.message === "string") {
      // The guard's own error names its row and reason; a wrapper (a CloudError) only repeats the message.
      if (typeof candidate.reason === "string") {
        return {
          rowId: typeof candidate.rowId === "string" ? candidate.rowId : undefined,
          reason: candidate.reason,
          message: candidate.message,
        };
      }
      found ??= parseEgressRefusal(candidate.message);
    }
    const next = current as { cause?: unknown; error?: unknown };
    current = next.cause ?? next.error;
  }
  return found;
}

/** "cloud-events is blocked: you blocked it (multiclaw connections unblock cloud-events)" */
export function describeRefusal(refusal: EgressRefusal, fallbackRow: string): string {
  return `${refusal.rowId ?? fallbackRow} is blocked: ${refusal.reason}`;
}
