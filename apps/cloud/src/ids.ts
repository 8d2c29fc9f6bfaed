import { idPrefixes } from "@multiclaw/protocol";
import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

export type IdKind = keyof typeof idPrefixes;

/** A new id such as `tsk_01jc…`: a type prefix and a lower-case ULID, so ids sort by creation time. */
export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${nextUlid().toLowerCase()}`;
}
