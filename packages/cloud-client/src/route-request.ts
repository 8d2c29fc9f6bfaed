import {
  IDEMPOTENCY_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type RouteDefinition,
} from "@multiclaw/protocol";
import type { z } from "zod";
import { CloudError } from "./cloud-error.ts";

/** The parts of a call's input that become the HTTP request. */
export interface RequestParts {
  params?: unknown;
  query?: unknown;
  body?: unknown;
  idempotencyKey?: string;
  ifNoneMatch?: string;
}

export interface PreparedRequest {
  url: string;
  method: RouteDefinition["method"];
  headers: Record<string, string>;
  body: string | undefined;
}

/** Checks input against the route's schema before anything is sent, so a mistake costs no round trip. */
function parsed(schema: z.ZodType, value: unknown, where: string, routeName: string): unknown {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fieldProblems = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const summary = fieldProblems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
  throw new CloudError("VALIDATION_FAILED", `${routeName}: ${summary}`, { fieldProblems, retryable: false });
}

function fillPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * Turns a route of the table and a call's input into the request to send: the path filled in, the query and
 * body validated by the route's own schemas, the protocol version header, and the idempotency key where the
 * route takes one. Throws a VALIDATION_FAILED CloudError (status null) for input the Cloud would refuse.
 */
export function prepareRequest(
  baseUrl: string,
  routeName: string,
  route: RouteDefinition,
  input: RequestParts,
): PreparedRequest {
  const check = (schema: z.ZodType, value: unknown, where: string) => parsed(schema, value, where, routeName);
  const params = route.params ? (check(route.params, input.params, "params") as Record<string, unknown>) : {};
  const query = route.query ? (check(route.query, input.query, "query") as Record<string, unknown>) : {};
  const body = route.body ? check(route.body, input.body, "body") : undefined;

  const headers: Record<string, string> = {
    accept: "application/json",
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (route.idempotent && input.idempotencyKey !== undefined)
    headers[IDEMPOTENCY_HEADER] = input.idempotencyKey;
  if (input.ifNoneMatch !== undefined) headers["if-none-match"] = input.ifNoneMatch;
  return {
    url: `${baseUrl.replace(/\/+$/, "")}${fillPath(route.path, params)}${queryString(query)}`,
    method: route.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}
