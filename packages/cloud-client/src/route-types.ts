import type {
  CloudRouteName,
  cloudRoutes,
  RouteAnswer,
  RouteCallArgs,
  RouteInput,
} from "@multiclaw/protocol";

/*
 * The types of a Cloud call, read off the protocol's route table by the protocol's generic route types: what
 * each route takes (path parameters, query, body, an idempotency key) and what it answers.
 */

type Routes = typeof cloudRoutes;

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** An ETag from an earlier answer: the Cloud answers 304 when nothing changed (config snapshot). */
  ifNoneMatch?: string;
}

/** What a call of route `N` takes. */
export type CallInput<N extends CloudRouteName> = RouteInput<Routes[N]> & CallOptions;

/** The input is optional for routes that need none (`call("me")`). */
export type CallArgs<N extends CloudRouteName> = RouteCallArgs<CallInput<N>>;

/** What route `N` answers with: the parsed response schema, `undefined` for 204. */
export type RouteResponse<N extends CloudRouteName> = RouteAnswer<Routes[N]>;

/** An answer with what the caller may need from around the body. */
export interface CloudExchange<N extends CloudRouteName> {
  status: number;
  /** Null when the Cloud answered 304 Not Modified. */
  body: RouteResponse<N> | null;
  etag: string | null;
  headers: Headers;
}
