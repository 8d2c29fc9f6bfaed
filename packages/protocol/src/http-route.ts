import type { RouteDefinition } from "./routes.ts";

/**
 * The part of a route definition a client reads to call it: method, path, input schemas, answer, and whether
 * it takes an idempotency key. Both route tables fit it — the Cloud's `RouteDefinition` and the gateway's
 * `GatewayRouteDefinition` (which has no idempotent routes) — so request building and call typing are
 * written once, over this shape, for both typed clients.
 */
export type HttpRoute = Pick<
  RouteDefinition,
  "method" | "path" | "params" | "query" | "body" | "status" | "response" | "idempotent"
>;
