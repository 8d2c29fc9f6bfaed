import { describe, expect, it } from "vitest";
import { z } from "zod";
import { gatewayRoutes } from "./gateway-routes.ts";
import type { HttpRoute } from "./http-route.ts";
import { prepareRouteRequest } from "./route-request.ts";
import { cloudRoutes } from "./routes.ts";

// Both route tables fit the shape the shared request building reads (a type error here if one drifts).
cloudRoutes satisfies Record<string, HttpRoute>;
gatewayRoutes satisfies Record<string, HttpRoute>;

const renameThing = {
  method: "PATCH",
  path: "/v1/things/:thingId",
  params: z.strictObject({ thingId: z.string().min(1) }),
  query: z.strictObject({ dryRun: z.coerce.boolean().optional(), note: z.string().optional() }),
  body: z.strictObject({ name: z.string().min(1) }),
  status: 200,
  response: z.object({ id: z.string() }),
  idempotent: true,
} satisfies HttpRoute;

const listThings = {
  method: "GET",
  path: "/v1/things",
  query: z.strictObject({ limit: z.coerce.number().int().default(50) }),
  status: 200,
  response: z.object({ ids: z.array(z.string()) }),
} satisfies HttpRoute;

describe("prepareRouteRequest", () => {
  it("fills and encodes the path, encodes the query without unset fields, and sends the body as JSON", () => {
    const prepared = prepareRouteRequest("http://127.0.0.1:4801/", "renameThing", renameThing, {
      params: { thingId: "mcp:files/a b" },
      query: { note: "a&b=c d", dryRun: undefined },
      body: { name: "Files" },
    });
    expect(prepared).toEqual({
      ok: true,
      request: {
        url: "http://127.0.0.1:4801/v1/things/mcp%3Afiles%2Fa%20b?note=a%26b%3Dc%20d",
        method: "PATCH",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "multiclaw-protocol": "1",
        },
        body: '{"name":"Files"}',
      },
    });
  });

  it("sends what the schemas parse to, defaults included", () => {
    const prepared = prepareRouteRequest("http://cloud.test", "listThings", listThings, {});
    expect(prepared.ok && prepared.request).toMatchObject({
      url: "http://cloud.test/v1/things?limit=50",
      body: undefined,
    });
    expect(prepared.ok && prepared.request.headers).not.toHaveProperty("content-type");
  });

  it("sends an idempotency key and an ETag only where they mean something", () => {
    const input = { params: { thingId: "t1" }, body: { name: "x" }, idempotencyKey: "key-0001" };
    const idempotent = prepareRouteRequest("http://cloud.test", "renameThing", renameThing, input);
    expect(idempotent.ok && idempotent.request.headers["idempotency-key"]).toBe("key-0001");

    const plain = prepareRouteRequest("http://cloud.test", "listThings", listThings, {
      idempotencyKey: "key-0001",
      ifNoneMatch: '"v7"',
    });
    expect(plain.ok && plain.request.headers).not.toHaveProperty("idempotency-key");
    expect(plain.ok && plain.request.headers["if-none-match"]).toBe('"v7"');
  });

  it("refuses input at the first part the route's schemas refuse, naming the route and each field", () => {
    const prepared = prepareRouteRequest("http://cloud.test", "renameThing", renameThing, {
      params: { thingId: "" },
      body: { name: "", extra: true },
    });
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.fieldProblems.map((problem) => problem.path)).toEqual(["params.thingId"]);
    expect(prepared.message).toMatch(/^renameThing: params\.thingId: /);

    const badBody = prepareRouteRequest("http://cloud.test", "renameThing", renameThing, {
      params: { thingId: "t1" },
      body: { name: "", extra: true },
    });
    expect(!badBody.ok && badBody.fieldProblems.map((problem) => problem.path).sort()).toEqual([
      "body",
      "body.name",
    ]);
  });
});
