import type { IncomingMessage, ServerResponse } from "node:http";
import { type GatewayRouteName, gatewayRoutes } from "@multiclaw/protocol";
import type FindMyWay from "find-my-way";
import type { z } from "zod";
import { LocalApiError } from "./local-api-error.ts";
import { parseInput } from "./parse-input.ts";
import { answerJson } from "./problem.ts";
import type { RequestAuth } from "./request-auth.ts";

type Routes = typeof gatewayRoutes;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface GatewayRouteInput<N extends GatewayRouteName> {
  params: Out<Routes[N] extends { params: infer P } ? P : undefined>;
  query: Out<Routes[N] extends { query: infer Q } ? Q : undefined>;
  body: Out<Routes[N] extends { body: infer B } ? B : undefined>;
}

type ResponseOf<N extends GatewayRouteName> = Routes[N]["response"] extends z.ZodType
  ? z.input<Routes[N]["response"]>
  : undefined;

/** What a handler may know of the exchange beyond its input; only the App's session routes need it. */
export interface GatewayRouteExchange {
  /** How the caller authenticated; null on a route that needs no credential. */
  auth: RequestAuth | null;
  request: IncomingMessage;
  /** Adds a `Set-Cookie` header to the answer. */
  setCookie(value: string): void;
}

/** Returns the response body; it is parsed with the route's schema on the way out (dropping unnamed fields). */
export type GatewayRouteHandler<N extends GatewayRouteName> = (
  input: GatewayRouteInput<N>,
  exchange: GatewayRouteExchange,
) => Promise<ResponseOf<N>>;

export interface GatewayRouteBinder {
  bind<N extends GatewayRouteName>(name: N, handler: GatewayRouteHandler<N>): void;
  /** Routes of the table that have no handler yet. */
  unbound(): GatewayRouteName[];
}

export type LocalApiRouter = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

async function readJsonBody(
  request: IncomingMessage,
  readBody: (request: IncomingMessage) => Promise<string>,
): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new LocalApiError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  const text = await readBody(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new LocalApiError("BAD_REQUEST", "The body is not valid JSON");
  }
}

/**
 * Registers handlers by route name on the router. The credential check, parsing of path, query and body with the
 * route's schemas (strict: an unknown field is VALIDATION_FAILED naming it) and the response schema happen here,
 * once; the answer is written straight to Node's response.
 */
export function createGatewayRouteBinder(deps: {
  router: LocalApiRouter;
  /** The token or the App's session cookie (request-auth.ts); throws when neither is valid. */
  authenticate(request: IncomingMessage): RequestAuth;
  /** The request body as text, within the API's size limit (request-body.ts). */
  readBody(request: IncomingMessage): Promise<string>;
}): GatewayRouteBinder {
  const bound = new Set<GatewayRouteName>();
  return {
    bind(name, handler) {
      const route: (typeof gatewayRoutes)[GatewayRouteName] = gatewayRoutes[name];
      bound.add(name);
      deps.router.on(
        route.method,
        route.path,
        async (request, response, pathParams, _store, searchParams) => {
          const auth = route.auth === "token" ? deps.authenticate(request) : null;
          const params =
            "params" in route && route.params ? parseInput(route.params, pathParams, "path") : undefined;
          const query =
            "query" in route && route.query ? parseInput(route.query, searchParams, "query") : undefined;
          const body =
            "body" in route && route.body
              ? parseInput(route.body, await readJsonBody(request, deps.readBody), "body")
              : undefined;
          const result = await handler({ params, query, body } as GatewayRouteInput<typeof name>, {
            auth,
            request,
            setCookie: (value) => appendCookie(response, value),
          });
          if (route.status === 204 || route.response === null) {
            response.writeHead(204);
            response.end();
            return;
          }
          answerJson(response, route.status, route.response.parse(result));
        },
      );
    },
    unbound: () => (Object.keys(gatewayRoutes) as GatewayRouteName[]).filter((name) => !bound.has(name)),
  };
}

function appendCookie(response: ServerResponse, value: string): void {
  const existing = response.getHeader("set-cookie");
  const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  response.setHeader("set-cookie", [...cookies, value]);
}
