import { IDEMPOTENCY_HEADER } from "./common.schema.ts";
import type { Problem } from "./errors.ts";
import { summariseFieldProblems } from "./field-problems.ts";
import type { HttpRoute } from "./http-route.ts";
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from "./version.ts";

/** The parts of a call's input that become the HTTP request; the rest (an abort signal) stays with the client. */
export interface RouteRequestParts {
  params?: unknown;
  query?: unknown;
  body?: unknown;
  /** Sent only on routes that declare `idempotent`. */
  idempotencyKey?: string;
  /** An ETag from an earlier answer, for a conditional request. */
  ifNoneMatch?: string;
}

/** A request ready for `fetch`. It carries no credentials: each client adds its own `authorization`. */
export interface PreparedRouteRequest {
  url: string;
  method: HttpRoute["method"];
  headers: Record<string, string>;
  body: string | undefined;
}

/** A field-level problem of a VALIDATION_FAILED error, as a problem document's `errors` lists it. */
export type FieldProblem = NonNullable<Problem["errors"]>[number];

/** The prepared request, or why the input was refused (`message` names the route and every field problem). */
export type RouteRequestPreparation =
  | { ok: true; request: PreparedRouteRequest }
  | { ok: false; message: string; fieldProblems: FieldProblem[] };

/** A call's input after the route's schemas parsed it; params and query schemas are objects, so records. */
interface CheckedInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** Checks input against the route's schemas, so a mistake costs no round trip; stops at the first refused part. */
function checkInput(
  routeName: string,
  route: HttpRoute,
  input: RouteRequestParts,
): { ok: true; checked: CheckedInput } | Extract<RouteRequestPreparation, { ok: false }> {
  const checked: Record<string, unknown> = {};
  for (const part of ["params", "query", "body"] as const) {
    const schema = route[part];
    if (!schema) continue;
    const result = schema.safeParse(input[part] ?? {});
    if (result.success) {
      checked[part] = result.data;
      continue;
    }
    const fieldProblems = result.error.issues.map((issue) => ({
      path: [part, ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
    return { ok: false, message: `${routeName}: ${summariseFieldProblems(fieldProblems)}`, fieldProblems };
  }
  return { ok: true, checked: checked as CheckedInput };
}

function fillPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/*
 * Written by hand: `URLSearchParams` is not in the ECMAScript library this package is typed with (it stays
 * free of DOM and Node types). Names and values are percent-encoded, which every query parser decodes.
 */
function queryString(query: Record<string, unknown>): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join("&")}` : "";
}

/**
 * Turns a route of a route table and a call's input into the request to send: the path filled in, params,
 * query and body checked by the route's own schemas (so a mistake costs no round trip), the protocol version
 * header, and the idempotency key where the route takes one.
 *
 * @example
 * const prepared = prepareRouteRequest(baseUrl, "getRun", gatewayRoutes.getRun, { params: { runId } });
 * if (!prepared.ok) throw new Error(prepared.message);
 * await fetch(prepared.request.url, { method: prepared.request.method, headers: prepared.request.headers });
 */
export function prepareRouteRequest(
  baseUrl: string,
  routeName: string,
  route: HttpRoute,
  input: RouteRequestParts,
): RouteRequestPreparation {
  const validation = checkInput(routeName, route, input);
  if (!validation.ok) return validation;
  const { params = {}, query = {}, body } = validation.checked;

  const headers: Record<string, string> = {
    accept: "application/json",
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (route.idempotent && input.idempotencyKey !== undefined)
    headers[IDEMPOTENCY_HEADER] = input.idempotencyKey;
  if (input.ifNoneMatch !== undefined) headers["if-none-match"] = input.ifNoneMatch;
  return {
    ok: true,
    request: {
      url: `${baseUrl.replace(/\/+$/, "")}${fillPath(route.path, params)}${queryString(query)}`,
      method: route.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  };
}
