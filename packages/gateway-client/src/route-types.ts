import type { GatewayRouteName, gatewayRoutes } from "@multiclaw/protocol";
import type { z } from "zod";

/*
 * The types of a call, read off the protocol's gateway route table: what each route takes (path parameters,
 * query, body) and what it answers. Nothing here is written per route.
 */

type Routes = typeof gatewayRoutes;

/** The empty object type (Biome bans the `{}` literal type). */
type Empty = Record<never, never>;

type SchemaAt<N extends GatewayRouteName, K extends string> = Routes[N] extends { [P in K]: infer S }
  ? S extends z.ZodType
    ? S
    : never
  : never;

/** Query schemas coerce from text (`z.coerce.number()` takes `unknown`): a coerced field is typed as read. */
type QueryValue<T> = unknown extends T ? string | number | boolean : T;
type QueryInput<S extends z.ZodType> = { [K in keyof z.input<S>]: QueryValue<z.input<S>[K]> };

/** Makes the key optional when every field of its value is optional. */
type Part<K extends string, T> = Empty extends T ? { [P in K]?: T } : { [P in K]: T };

type ParamsPart<N extends GatewayRouteName> = [SchemaAt<N, "params">] extends [never]
  ? Empty
  : Part<"params", z.input<SchemaAt<N, "params">>>;
type QueryPart<N extends GatewayRouteName> = [SchemaAt<N, "query">] extends [never]
  ? Empty
  : Part<"query", QueryInput<SchemaAt<N, "query">>>;
type BodyPart<N extends GatewayRouteName> = [SchemaAt<N, "body">] extends [never]
  ? Empty
  : Part<"body", z.input<SchemaAt<N, "body">>>;

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** What a call of route `N` takes. */
export type CallInput<N extends GatewayRouteName> = ParamsPart<N> & QueryPart<N> & BodyPart<N> & CallOptions;

/** The input is optional for routes that need none (`call("status")`). */
export type CallArgs<N extends GatewayRouteName> =
  Empty extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

/** What route `N` answers with: the parsed response schema, `undefined` for 204. */
export type RouteResponse<N extends GatewayRouteName> = Routes[N]["response"] extends z.ZodType
  ? z.output<Routes[N]["response"]>
  : undefined;
