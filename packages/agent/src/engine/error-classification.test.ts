import { APICallError, JSONParseError, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { classifyModelError } from "./error-classification.ts";

function apiError(statusCode: number | undefined) {
  return new APICallError({
    message: `status ${statusCode}`,
    url: "http://127.0.0.1:9/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    isRetryable: false,
  });
}

describe("classifying a failed model call", () => {
  it("maps provider statuses to stable codes", () => {
    expect(classifyModelError(apiError(401)).code).toBe("KEY_REJECTED");
    expect(classifyModelError(apiError(403)).code).toBe("KEY_REJECTED");
    expect(classifyModelError(apiError(429)).code).toBe("PROVIDER_RATE_LIMITED");
    expect(classifyModelError(apiError(504)).code).toBe("PROVIDER_TIMEOUT");
    expect(classifyModelError(apiError(500)).code).toBe("PROVIDER_ERROR");
    expect(classifyModelError(apiError(undefined)).code).toBe("PROVIDER_ERROR");
  });

  it("reads the last attempt of an exhausted retry", () => {
    const retry = new RetryError({
      message: "gave up",
      reason: "maxRetriesExceeded",
      errors: [apiError(500), apiError(429)],
    });
    expect(classifyModelError(retry)).toEqual({ code: "PROVIDER_RATE_LIMITED", message: "status 429" });
  });

  it("calls an unreadable answer malformed", () => {
    const error = new JSONParseError({ text: "{nope", cause: new Error("bad") });
    expect(classifyModelError(error).code).toBe("PROVIDER_STREAM_MALFORMED");
  });

  it("keeps a code of ours found on the error or its causes", () => {
    const missingKey = Object.assign(new Error("No key for anthropic"), { code: "KEY_NOT_CONFIGURED" });
    expect(classifyModelError(missingKey)).toEqual({
      code: "KEY_NOT_CONFIGURED",
      message: "No key for anthropic",
    });
    const blocked = new TypeError("fetch failed", {
      cause: Object.assign(new Error("api.example.com is not in the inventory"), { code: "EGRESS_BLOCKED" }),
    });
    expect(classifyModelError(blocked)).toEqual({
      code: "EGRESS_BLOCKED",
      message: "api.example.com is not in the inventory",
    });
    const nodeError = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyModelError(nodeError).code).toBe("PROVIDER_ERROR");
  });
});
