import type { z } from "zod";
import type { HttpRoute } from "./http-route.ts";

/*
 * The types of a call, read off a route of a route table: what it takes (path parameters, query, body, an
 * idempotency key) and what it answers. Nothing here is written per route; each typed client names its own
 * table's routes with these.
 */

/** The empty object type (Biome bans the `{}` literal type). */
type Empty = Record<never, never>;

/*
 * The checks below wrap the route in `[ ]` so a union of routes (a client's code typed over "any route") is
 * checked as a whole instead of route by route.
 */
type SchemaAt<R extends HttpRoute, K extends string> = [R] extends [{ [P in K]: infer S }]
  ? S extends z.ZodType
    ? S
    : never
  : never;

/**
 * A query value as the caller writes it. Query schemas coerce from text (`z.coerce.number()` takes
 * `unknown`), so a coerced field is typed as what it will be read as.
 */
type QueryValue<T> = unknown extends T ? string | number | boolean : T;
type QueryInput<S extends z.ZodType> = { [K in keyof z.input<S>]: QueryValue<z.input<S>[K]> };

/** Makes the key optional when every field of its value is optional. */
type Part<K extends string, T> = Empty extends T ? { [P in K]?: T } : { [P in K]: T };

type ParamsPart<R extends HttpRoute> = [SchemaAt<R, "params">] extends [never]
  ? Empty
  : Part<"params", z.input<SchemaAt<R, "params">>>;
type QueryPart<R extends HttpRoute> = [SchemaAt<R, "query">] extends [never]
  ? Empty
  : Part<"query", QueryInput<SchemaAt<R, "query">>>;
type BodyPart<R extends HttpRoute> = [SchemaAt<R, "body">] extends [never]
  ? Empty
  : Part<"body", z.input<SchemaAt<R, "body">>>;
type IdempotencyPart<R extends HttpRoute> = [R] extends [{ idempotent: true }]
  ? {
      /** Makes a retry safe: the server answers a repeated key with the first answer. 8–128 of `[A-Za-z0-9._:-]`. */
      idempotencyKey?: string;
    }
  : Empty;

/**
 * What a call of route `R` takes, before the client's own call options (an abort signal, …).
 *
 * @example
 * type TransitionInput = RouteInput<(typeof cloudRoutes)["transitionTask"]>;
 * // { params: { workspaceId; taskId }; body: { to; … }; idempotencyKey?: string }
 */
export type RouteInput<R extends HttpRoute> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & IdempotencyPart<R>;

/** A call's argument list: the input may be left out when nothing in it is required (`call("health")`). */
export type RouteCallArgs<Input> = Empty extends Input ? [input?: Input] : [input: Input];

/** What route `R` answers with: the parsed response schema, `undefined` for 204. */
export type RouteAnswer<R extends HttpRoute> = R["response"] extends z.ZodType
  ? z.output<R["response"]>
  : undefined;
