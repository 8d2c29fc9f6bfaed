import { z } from "zod";
import { type ErrorCode, errorCodes, PROBLEM_CONTENT_TYPE, ProblemSchema } from "./errors.ts";
import { cloudRoutes, type RouteDefinition } from "./routes.ts";
import { PROTOCOL_VERSION } from "./version.ts";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, "{$1}");
}

function parameters(route: RouteDefinition): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const [location, schema] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input") as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      result.push({ name, in: location, required: json.required?.includes(name) ?? false, schema: property });
    }
  }
  if (route.idempotent) {
    result.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Repeat a request safely: the same key returns the first answer.",
      schema: { type: "string", minLength: 8, maxLength: 128 },
    });
  }
  return result;
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** Builds the OpenAPI 3.1 document of the Cloud API from the route table. */
export function buildOpenApiDocument(options: { serverUrl?: string; version?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, route] of Object.entries(cloudRoutes) as [string, RouteDefinition][]) {
    const responses: Record<string, JsonSchema> = {
      [String(route.status)]: route.response
        ? {
            description: "Success",
            content: { "application/json": { schema: schemaOf(route.response, "output") } },
          }
        : { description: "Success, no body" },
    };
    if (route.body || route.params || route.query)
      responses["400"] = problemResponse("Malformed or invalid input");
    if (route.body) responses["413"] = problemResponse("Body too large");
    if (route.auth !== "none") responses["401"] = problemResponse("Missing, expired or invalid token");
    if (route.params) responses["404"] = problemResponse("Not found (or not yours)");
    if (route.rateLimited) responses["429"] = problemResponse("Rate limited; see Retry-After");
    const operation: JsonSchema = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: parameters(route),
      responses,
    };
    if (route.auth !== "none") operation.security = [{ bearer: [] }];
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { "application/json": { schema: schemaOf(route.body, "input") } },
      };
    }
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "MultiClaw Cloud API",
      version: options.version ?? "0.1.0",
      description: `Protocol version ${PROTOCOL_VERSION}. Errors are RFC 9457 problem documents with a stable \`code\`: ${(
        Object.keys(errorCodes) as ErrorCode[]
      ).join(", ")}.`,
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Problem: schemaOf(ProblemSchema, "output") },
    },
  };
}
