import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GATEWAY_API_PREFIX, GATEWAY_STREAM_PATH, StreamClientFrame } from "./gateway-api.schema.ts";
import { type GatewayRouteDefinition, gatewayRoutes } from "./gateway-routes.ts";

const routes = Object.entries(gatewayRoutes) as [string, GatewayRouteDefinition][];

describe("the gateway route table", () => {
  it("keeps every route under the prefix, once, apart from the stream", () => {
    const keys = routes.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, route] of routes) {
      expect(route.path.startsWith(`${GATEWAY_API_PREFIX}/`), name).toBe(true);
      expect(route.path, name).not.toBe(GATEWAY_STREAM_PATH);
    }
  });

  it("names exactly the path's parameters in each params schema", () => {
    for (const [name, route] of routes) {
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]).sort();
      const schema = route.params as z.ZodObject | undefined;
      expect(Object.keys(schema?.shape ?? {}).sort(), name).toEqual(inPath);
    }
  });

  it("refuses unknown fields in every input, so a typo is an error and not a silent default", () => {
    for (const [name, route] of routes) {
      for (const schema of [route.params, route.query, route.body]) {
        if (!schema) continue;
        const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
          additionalProperties?: unknown;
          oneOf?: { additionalProperties?: unknown }[];
          anyOf?: { additionalProperties?: unknown }[];
        };
        const variants = json.oneOf ?? json.anyOf ?? [json];
        for (const variant of variants) expect(variant.additionalProperties, name).toBe(false);
      }
    }
    expect(() => StreamClientFrame.parse({ type: "ping", id: 1, extra: true })).toThrow();
  });

  it("asks for the token everywhere but the health check and the App's one-time code exchange", () => {
    expect(routes.filter(([, route]) => route.auth === "none").map(([name]) => name)).toEqual([
      "health",
      "openAppSession",
    ]);
  });
});
