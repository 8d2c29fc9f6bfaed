import type { z } from "zod";
import { GatewayStoreError } from "./store-error.ts";

/*
 * Rows are parsed with the protocol's schemas on the way out, so a corrupt or hand-edited row fails loudly
 * with the table and id in the message instead of handing the engine a half-valid object.
 */

/** `value` checked against `schema`; `what` names the row in the error, e.g. `message msg_01…`. */
export function parseStored<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new GatewayStoreError("INTERNAL", `The stored ${what} is corrupt: ${result.error.message}`, {
      cause: result.error,
    });
  }
  return result.data;
}

/** JSON text from a column; `null` (SQL NULL) reads as undefined. */
export function readJson(text: string | null, what: string): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayStoreError("INTERNAL", `The stored ${what} is not valid JSON`, { cause: error });
  }
}

/** JSON text for a column. Refuses what JSON cannot represent instead of storing `undefined` or losing it. */
export function writeJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what} cannot be stored as JSON`);
  return text;
}

/** Epoch milliseconds of an ISO timestamp, for ordering and expiry. */
export function epochMs(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new TypeError(`not a timestamp: ${timestamp}`);
  return ms;
}
