import { APICallError } from "@ai-sdk/provider";
import { RetryError } from "ai";
import { expect, it } from "vitest";
import { isRetryError } from "./retry-error.ts";

it("recognises the AI SDK's RetryError by its mark, and nothing else", () => {
  const attempt = new APICallError({
    message: "busy",
    url: "http://x",
    requestBodyValues: {},
    statusCode: 503,
  });
  const retry = new RetryError({
    message: "gave up",
    reason: "maxRetriesExceeded",
    errors: [attempt, attempt],
  });
  expect(isRetryError(retry)).toBe(true);
  expect(RetryError.isInstance(retry)).toBe(true);
  expect(isRetryError(attempt)).toBe(false);
  expect(isRetryError(new Error("AI_RetryError"))).toBe(false);
  expect(isRetryError(null)).toBe(false);
  expect(isRetryError("AI_RetryError")).toBe(false);
});
