import { idPrefixes } from "@multiclaw/protocol";
import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

/** Wire-visible kinds come from the protocol; session families never leave the Cloud. */
const prefixes = { ...idPrefixes, family: "fam" } as const;

export type IdKind = keyof typeof prefixes;

/** A new id such as `tsk_01jc…`: a type prefix and a lower-case ULID, so ids sort by creation time. */
export function newId(kind: IdKind): string {
  return `${prefixes[kind]}_${nextUlid().toLowerCase()}`;
}
