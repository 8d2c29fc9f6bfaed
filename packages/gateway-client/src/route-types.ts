import type {
  GatewayRouteName,
  gatewayRoutes,
  RouteAnswer,
  RouteCallArgs,
  RouteInput,
} from "@multiclaw/protocol";

/*
 * The types of a call of the local API, read off the protocol's gateway route table by the protocol's generic
 * route types: what each route takes (path parameters, query, body) and what it answers.
 */

type Routes = typeof gatewayRoutes;

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** What a call of route `N` takes. */
export type CallInput<N extends GatewayRouteName> = RouteInput<Routes[N]> & CallOptions;

/** The input is optional for routes that need none (`call("status")`). */
export type CallArgs<N extends GatewayRouteName> = RouteCallArgs<CallInput<N>>;

/** What route `N` answers with: the parsed response schema, `undefined` for 204. */
export type RouteResponse<N extends GatewayRouteName> = RouteAnswer<Routes[N]>;
