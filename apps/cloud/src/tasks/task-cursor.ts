import { CloudError } from "../errors.ts";

/** Where a page of the newest-first task list ended: the last task's creation time and id. */
export interface TaskCursor {
  createdAt: Date;
  id: string;
}

/**
 * Opaque to clients: base64url of `[createdAt, id]`. Keyset, not offset, so a page never repeats or skips a
 * task when new ones are created while someone pages through.
 *
 * @example decodeTaskCursor(encodeTaskCursor({ createdAt, id })) // { createdAt, id }
 */
export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
}

/** Reads a cursor made by encodeTaskCursor; anything else is VALIDATION_FAILED. */
export function decodeTaskCursor(text: string): TaskCursor {
  const invalid = () =>
    new CloudError("VALIDATION_FAILED", "Invalid query: cursor: not a cursor from a previous page", {
      fieldProblems: [{ path: "cursor", message: "not a cursor from a previous page" }],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  if (typeof at !== "string" || typeof id !== "string") throw invalid();
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) throw invalid();
  return { createdAt, id };
}
