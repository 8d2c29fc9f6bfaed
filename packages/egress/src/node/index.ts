/*
 * @multiclaw/egress/node: the guard and the ledger (Node only). The inventory itself is in the package root.
 */
export { type AddressClass, classifyAddress } from "./address-class.ts";
export { type ConnectionCauses, createConnectionCauses } from "./connection-causes.ts";
export {
  type ByteCounts,
  type ConnectionLedger,
  type ConnectionRecord,
  createConnectionLedger,
  type OpenConnection,
  type RowState,
  type RowSummary,
} from "./connection-ledger.ts";
export {
  type ConditionCheck,
  type ConditionState,
  type Decision,
  decide,
  type EgressTarget,
} from "./decide.ts";
export { createDispatchFetch, type DispatchFetchOptions } from "./dispatch-fetch.ts";
export { EgressBlockedError } from "./egress-error.ts";
export { createEgressGuard, type EgressGuard, type EgressGuardOptions } from "./egress-guard.ts";
export { type FetchTimeouts, type FetchWait, fetchWithTimeouts } from "./fetch-timeouts.ts";
export { createGuardedLookup } from "./guarded-lookup.ts";
export { type SocketWatchOptions, type UnguardedSocket, watchUnguardedSockets } from "./socket-watch.ts";
export { undiciFetch } from "./undici-parts.ts";
export { useUndiciWebClasses } from "./web-classes.ts";
