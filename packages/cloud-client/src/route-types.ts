import type { CloudRouteName, cloudRoutes } from "@multiclaw/protocol";
import type { z } from "zod";

/*
 * The types of a call, read off the protocol's route table: what each route takes (path parameters, query,
 * body, an idempotency key) and what it answers. Nothing here is written per route.
 */

type Routes = typeof cloudRoutes;

/** The empty object type (Biome bans the `{}` literal type). */
type Empty = Record<never, never>;

type SchemaAt<N extends CloudRouteName, K extends string> = Routes[N] extends { [P in K]: infer S }
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

type ParamsPart<N extends CloudRouteName> = [SchemaAt<N, "params">] extends [never]
  ? Empty
  : Part<"params", z.input<SchemaAt<N, "params">>>;
type QueryPart<N extends CloudRouteName> = [SchemaAt<N, "query">] extends [never]
  ? Empty
  : Part<"query", QueryInput<SchemaAt<N, "query">>>;
type BodyPart<N extends CloudRouteName> = [SchemaAt<N, "body">] extends [never]
  ? Empty
  : Part<"body", z.input<SchemaAt<N, "body">>>;
type IdempotencyPart<N extends CloudRouteName> = Routes[N] extends { idempotent: true }
  ? {
      /** Makes a retry safe: the Cloud answers a repeated key with the first answer. 8–128 of `[A-Za-z0-9._:-]`. */
      idempotencyKey?: string;
    }
  : Empty;

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** An ETag from an earlier answer: the Cloud answers 304 when nothing changed (config snapshot). */
  ifNoneMatch?: string;
}

/** What a call of route `N` takes. */
export type CallInput<N extends CloudRouteName> = ParamsPart<N> &
  QueryPart<N> &
  BodyPart<N> &
  IdempotencyPart<N> &
  CallOptions;

/** The input is optional for routes that need none (`call("me")`). */
export type CallArgs<N extends CloudRouteName> =
  Empty extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

/** What route `N` answers with: the parsed response schema, `undefined` for 204. */
export type RouteResponse<N extends CloudRouteName> = Routes[N]["response"] extends z.ZodType
  ? z.output<Routes[N]["response"]>
  : undefined;

/** An answer with what the caller may need from around the body. */
export interface CloudExchange<N extends CloudRouteName> {
  status: number;
  /** Null when the Cloud answered 304 Not Modified. */
  body: RouteResponse<N> | null;
  etag: string | null;
  headers: Headers;
}
