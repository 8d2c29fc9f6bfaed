/** Refusal of a connection by the egress guard; `code` is stable so callers and tests can tell it apart. */
export class EgressBlockedError extends Error {
  readonly code = "EGRESS_BLOCKED";
  constructor(
    /** The inventory row the target matched, or undefined when it matched none. */
    readonly rowId: string | undefined,
    /** Why, in words a user can act on ("no key configured for openai"). */
    readonly reason: string,
    /** `scheme//host:port` of the refused target. */
    readonly target: string,
  ) {
    super(`egress blocked: ${target}${rowId ? ` (row ${rowId})` : ""}: ${reason}`);
    this.name = "EgressBlockedError";
  }
}
