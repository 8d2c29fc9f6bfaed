/*
 * @multiclaw/egress: the connection inventory and its published text. Pure (no Node built-ins), so any side
 * of the product can read it; the guard and the ledger are in `@multiclaw/egress/node`.
 */

export { formatBytes } from "./format-bytes.ts";
export {
  type AddressPolicy,
  type ConditionName,
  type ProviderName,
  type RowTemplate,
  rowTemplates,
  templateOf,
} from "./inventory.ts";
export { renderNetworkDocs } from "./render-docs.ts";
export {
  defaultUrls,
  type EgressConfig,
  EgressConfigError,
  type Endpoint,
  endpointMatches,
  isLoopbackHost,
  type Reach,
  type ResolvedRow,
  resolveInventory,
} from "./resolve-inventory.ts";
