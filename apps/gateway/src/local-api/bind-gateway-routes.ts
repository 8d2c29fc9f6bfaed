import { type GatewayRouteName, gatewayRoutes } from "@multiclaw/protocol";
import type { Context, Hono } from "hono";
import type { z } from "zod";
import { LocalApiError } from "./local-api-error.ts";
import { parseInput } from "./parse-input.ts";
import { bearerTokenOf } from "./request-guard.ts";

type Routes = typeof gatewayRoutes;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface GatewayRouteInput<N extends GatewayRouteName> {
  params: Out<Routes[N] extends { params: infer P } ? P : undefined>;
  query: Out<Routes[N] extends { query: infer Q } ? Q : undefined>;
  body: Out<Routes[N] extends { body: infer B } ? B : undefined>;
  context: Context;
}

type ResponseOf<N extends GatewayRouteName> = Routes[N]["response"] extends z.ZodType
  ? z.input<Routes[N]["response"]>
  : undefined;

/** Returns the response body; it is parsed with the route's schema on the way out (dropping unnamed fields). */
export type GatewayRouteHandler<N extends GatewayRouteName> = (
  input: GatewayRouteInput<N>,
) => Promise<ResponseOf<N>>;

export interface GatewayRouteBinder {
  bind<N extends GatewayRouteName>(name: N, handler: GatewayRouteHandler<N>): void;
  /** Routes of the table that have no handler yet. */
  unbound(): GatewayRouteName[];
}

async function readJsonBody(
  context: Context,
  readBody: (context: Context) => Promise<string>,
): Promise<unknown> {
  const type = context.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new LocalApiError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  const text = await readBody(context);
  try {
    return JSON.parse(text);
  } catch {
    throw new LocalApiError("BAD_REQUEST", "The body is not valid JSON");
  }
}

/**
 * Registers handlers by route name. The token check, parsing of path, query and body with the route's schemas
 * (strict: an unknown field is VALIDATION_FAILED naming it) and the response schema happen here, once.
 */
export function createGatewayRouteBinder(deps: {
  app: Hono;
  /** Whether a presented bearer token is the API's token (compared in constant time). */
  acceptsToken(token: string): boolean;
  /** The request body as text, within the API's size limit (request-body.ts). */
  readBody(context: Context): Promise<string>;
}): GatewayRouteBinder {
  const bound = new Set<GatewayRouteName>();
  return {
    bind(name, handler) {
      const route: (typeof gatewayRoutes)[GatewayRouteName] = gatewayRoutes[name];
      bound.add(name);
      const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
      deps.app[method](route.path, async (context) => {
        if (
          route.auth === "token" &&
          !deps.acceptsToken(bearerTokenOf(context.req.header("authorization")))
        ) {
          throw new LocalApiError("AUTH_INVALID", "The API token is not this gateway's");
        }
        const params =
          "params" in route && route.params
            ? parseInput(route.params, context.req.param(), "path")
            : undefined;
        const query =
          "query" in route && route.query ? parseInput(route.query, context.req.query(), "query") : undefined;
        const body =
          "body" in route && route.body
            ? parseInput(route.body, await readJsonBody(context, deps.readBody), "body")
            : undefined;
        const result = await handler({ params, query, body, context } as GatewayRouteInput<typeof name>);
        if (route.status === 204 || route.response === null) return context.body(null, 204);
        return context.json(route.response.parse(result) as object, route.status);
      });
    },
    unbound: () => (Object.keys(gatewayRoutes) as GatewayRouteName[]).filter((name) => !bound.has(name)),
  };
}
