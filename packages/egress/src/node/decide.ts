/*
 * The guard's one decision, shared by the undici connector and the Node agents: may this target be
 * connected to now, and under which row? Order matters for the messages users see: scheme first, then
 * the inventory, then the row's live condition, then (for IP literals, which skip DNS) the address.
 */
import { isIP } from "node:net";
import { type Endpoint, endpointMatches, isLoopbackHost, type ResolvedRow } from "../resolve-inventory.ts";
import { classifyAddress } from "./address-class.ts";
import { EgressBlockedError } from "./egress-error.ts";
import { reachAllows, reachWords } from "./guarded-lookup.ts";

/** A connection about to be opened, at the connection level (`wss:` arrives as `https:`). */
export interface EgressTarget {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /**
   * The row the caller opens this connection for, when two rows share an endpoint (an embedded Cloud serves
   * its API and its event socket on one origin): only that row is considered, so the ledger names it.
   */
  readonly row?: string;
}

/** The live state of a row's condition. */
export interface ConditionState {
  active: boolean;
  /** Why not, in words a user can act on; shown in the refusal. */
  reason?: string;
}

/** Evaluates a row's condition now. The target is given for rows like web-fetch that allow one URL at a time. */
export type ConditionCheck = (row: ResolvedRow, target: EgressTarget) => ConditionState;

/** The outcome: the row and endpoint to connect under, or the refusal. */
export type Decision =
  | { allowed: true; row: ResolvedRow; endpoint: Endpoint }
  | { allowed: false; error: EgressBlockedError };

/** `https://host:port`, as refusals and the ledger name a target. */
export function describeTarget(target: EgressTarget): string {
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  return `${target.scheme}//${host}:${target.port}`;
}

/** Decides whether a target may be connected to under the inventory and the current conditions. */
export function decide(
  rows: readonly ResolvedRow[],
  conditions: ConditionCheck,
  target: EgressTarget,
): Decision {
  const name = describeTarget(target);
  const refuse = (rowId: string | undefined, reason: string): Decision => ({
    allowed: false,
    error: new EgressBlockedError(rowId, reason, name),
  });
  if (target.scheme !== "https:" && target.scheme !== "http:") {
    return refuse(undefined, `scheme ${target.scheme} is not allowed`);
  }
  if (target.scheme === "http:" && !isLoopbackHost(target.host)) {
    return refuse(undefined, "http: and ws: are refused outside loopback; use https: or wss:");
  }
  const candidates = target.row === undefined ? rows : rows.filter((row) => row.id === target.row);
  const matches = candidates.flatMap((row) =>
    row.endpoints
      .filter((endpoint) => endpointMatches(endpoint, target))
      .map((endpoint) => ({ row, endpoint })),
  );
  if (matches.length === 0) return refuse(undefined, "not in the connection inventory");

  let firstRefusal: { row: ResolvedRow; reason: string } | undefined;
  for (const { row, endpoint } of matches) {
    const state = conditions(row, target);
    if (!state.active) {
      firstRefusal ??= { row, reason: state.reason ?? `condition ${row.condition} does not hold` };
      continue;
    }
    // An IP literal is connected to without a lookup, so its address is checked here instead.
    if (isIP(target.host.replace(/^\[|\]$/g, "")) !== 0) {
      const addressClass = classifyAddress(target.host.replace(/^\[|\]$/g, ""));
      if (!reachAllows(endpoint.reach, addressClass)) {
        return refuse(
          row.id,
          `${target.host} is ${addressClass}; this row may reach ${reachWords(endpoint.reach)}`,
        );
      }
    }
    return { allowed: true, row, endpoint };
  }
  const refusal = firstRefusal as { row: ResolvedRow; reason: string };
  return refuse(refusal.row.id, refusal.reason);
}
