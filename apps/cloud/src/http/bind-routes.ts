import { type CloudRouteName, cloudRoutes, IDEMPOTENCY_HEADER, IdempotencyKey } from "@multiclaw/protocol";
import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { Database } from "../db/connect.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { CloudError } from "../errors.ts";
import { findStoredAnswer, hashRequest, type IdempotencyScope, runWithIdempotency } from "./idempotency.ts";
import type { Authenticator, Principal } from "./principal.ts";
import { parseInput } from "./validate.ts";

type Routes = typeof cloudRoutes;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<N extends CloudRouteName> {
  params: Out<Routes[N] extends { params: infer P } ? P : undefined>;
  query: Out<Routes[N] extends { query: infer Q } ? Q : undefined>;
  body: Out<Routes[N] extends { body: infer B } ? B : undefined>;
  principal: Routes[N]["auth"] extends "none" ? null : Principal;
  clientIp: string;
  context: Context;
}

type ResponseOf<N extends CloudRouteName> = Routes[N]["response"] extends z.ZodType
  ? z.input<Routes[N]["response"]>
  : undefined;

/**
 * A handler returns the response body (validated against the route's schema on the way out, which also strips
 * any field the schema does not name) or a ready Response for special cases such as 304.
 *
 * Idempotent routes: the body must be the value the handler's change transaction returned, because that is
 * what is stored with the change and replayed to a retry.
 */
export type RouteHandler<N extends CloudRouteName> = (
  input: RouteInput<N>,
) => Promise<ResponseOf<N> | Response>;

export interface RouteBinderDeps {
  app: Hono;
  db: Database;
  authenticator: Authenticator;
  rateLimit: (bucket: "sign-in" | "device", key: string) => Promise<void>;
  clientIp: (context: Context) => string;
}

export interface RouteBinder {
  bind<N extends CloudRouteName>(name: N, handler: RouteHandler<N>): void;
}

function bearerToken(context: Context): string {
  const header = context.req.header("authorization");
  if (!header) throw new CloudError("AUTH_REQUIRED", "Send an access token as `Authorization: Bearer …`");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new CloudError("AUTH_INVALID", "The Authorization header must be `Bearer <token>`");
  return match[1];
}

async function readJsonBody(context: Context): Promise<unknown> {
  const type = context.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new CloudError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  const text = await context.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new CloudError("BAD_REQUEST", "The body is not valid JSON");
  }
}

function sendJson(context: Context, status: number, body: unknown): Response {
  if (status === 204) return context.body(null, 204);
  return context.json(body as object, status as 200);
}

/**
 * Registers handlers by route name; authentication, parsing, rate limits and idempotency happen here once, in
 * that order.
 */
export function createRouteBinder(deps: RouteBinderDeps): RouteBinder {
  return {
    bind(name, handler) {
      const route = cloudRoutes[name];
      const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
      deps.app[method](route.path, async (context) => {
        const clientIp = deps.clientIp(context);
        const principal =
          route.auth === "none" ? null : await deps.authenticator.authenticate(bearerToken(context));
        if (route.auth === "instance" && !principal?.instanceId) {
          throw new CloudError(
            "FORBIDDEN",
            "Only a signed-in instance may call this; sign in with `multiclaw login`",
          );
        }
        const params =
          "params" in route && route.params
            ? parseInput(route.params, context.req.param(), "path")
            : undefined;
        const query =
          "query" in route && route.query ? parseInput(route.query, context.req.query(), "query") : undefined;
        const body =
          "body" in route && route.body
            ? parseInput(route.body, await readJsonBody(context), "body")
            : undefined;
        // Only a well-formed attempt spends the client's budget: a request refused above (bad token, wrong
        // content type, invalid JSON, a body/params/query the schema rejects) never reaches a password hash or
        // a code lookup, so it guesses nothing; counting it let any local script (the embedded Cloud sees every
        // local process as one address) lock the real sign-in out with junk. Checking before consuming opens
        // no new cost an attacker can push: reading a body (capped by the body limit) and parsing it with zod
        // is the same cheap work every route without a limit already does for anyone, while the argon2 hash
        // the limit protects still runs only after a point was spent.
        if ("rateLimited" in route && route.rateLimited) await deps.rateLimit(route.rateLimited, clientIp);
        const input = { params, query, body, principal, clientIp, context } as RouteInput<typeof name>;

        const finish = (result: unknown): Response => {
          if (result instanceof Response) return result;
          const output = route.response ? route.response.parse(result) : undefined;
          return sendJson(context, route.status, output);
        };

        const key =
          "idempotent" in route && route.idempotent ? context.req.header(IDEMPOTENCY_HEADER) : undefined;
        if (key === undefined || !principal) return finish(await handler(input));

        const scope: IdempotencyScope = {
          userId: principal.userId,
          scope: `${name}:${context.req.path}`,
          key: parseInput(IdempotencyKey, key, "Idempotency-Key header"),
          requestHash: hashRequest({ body: body ?? null, query: query ?? null }),
          status: route.status,
          recorded: false,
        };
        const replay = async () => {
          const stored = await findStoredAnswer(deps.db, scope);
          if (!stored) return null;
          context.header("idempotent-replayed", "true");
          return finish(stored.body);
        };
        const earlier = await replay();
        if (earlier) return earlier;
        try {
          return finish(await runWithIdempotency(scope, () => handler(input)));
        } catch (error) {
          // A concurrent twin committed first: its answer is the answer.
          if (scope.recorded && isUniqueViolation(error)) {
            const twin = await replay();
            if (twin) return twin;
          }
          throw error;
        }
      });
    },
  };
}
