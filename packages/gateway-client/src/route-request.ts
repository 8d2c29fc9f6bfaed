import { type GatewayRouteDefinition, PROTOCOL_HEADER, PROTOCOL_VERSION } from "@multiclaw/protocol";
import type { z } from "zod";
import { GatewayApiError } from "./gateway-api-error.ts";

export interface RequestParts {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

export interface PreparedRequest {
  url: string;
  method: GatewayRouteDefinition["method"];
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
  throw new GatewayApiError("VALIDATION_FAILED", `${routeName}: ${summary}`, { fieldProblems });
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
 * Turns a route of the table and a call's input into the request to send: the path filled in, query and body
 * validated by the route's own schemas, the token and the protocol version header.
 */
export function prepareRequest(
  baseUrl: string,
  token: string | undefined,
  routeName: string,
  route: GatewayRouteDefinition,
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
  if (token !== undefined && route.auth === "token") headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return {
    url: `${baseUrl.replace(/\/+$/, "")}${fillPath(route.path, params)}${queryString(query)}`,
    method: route.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}
