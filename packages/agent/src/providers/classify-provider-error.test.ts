import { APICallError, JSONParseError } from "@ai-sdk/provider";
import { RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { Secret } from "../secret.ts";
import { classifyProviderError } from "./classify-provider-error.ts";
import { ProviderError } from "./provider-error.ts";
import { markProvider } from "./provider-tag.ts";

/*
 * Shapes of failure the stand-in cannot produce on its own (exhausted retries, vendor error objects, codes of
 * other layers). Every format's real failures are classified in the provider tests.
 */

function httpError(statusCode: number, message: string, responseBody?: string) {
  return new APICallError({
    message,
    url: "https://api.example",
    requestBodyValues: {},
    statusCode,
    responseBody,
  });
}

describe("classifyProviderError", () => {
  it("names the provider from the error's mark, and says 'the provider' without one", () => {
    const marked = markProvider(httpError(401, "invalid x-api-key"), "anthropic");

    expect(classifyProviderError(marked).message).toBe(
      "Anthropic rejected the API key (401: invalid x-api-key)",
    );
    expect(classifyProviderError(httpError(401, "nope")).message).toBe(
      "The provider rejected the API key (401: nope)",
    );
  });

  it("counts the attempts of retries that ran out", () => {
    const attempts = [httpError(429, "slow down"), httpError(429, "slow down"), httpError(429, "slow down")];
    const exhausted = new RetryError({
      message: "Failed after 3 attempts",
      reason: "maxRetriesExceeded",
      errors: attempts,
    });

    expect(classifyProviderError(exhausted, { provider: "openai" })).toEqual({
      code: "PROVIDER_RATE_LIMITED",
      message: "OpenAI is rate limiting requests after 3 attempts (429: slow down)",
    });
  });

  it("reads a vendor's in-stream error object", () => {
    const event = {
      type: "rate_limit_error",
      message: "Number of request tokens has exceeded your rate limit",
    };

    expect(classifyProviderError(event, { provider: "anthropic" }).code).toBe("PROVIDER_RATE_LIMITED");
    expect(classifyProviderError({ type: "overloaded_error", message: "Overloaded" }).code).toBe(
      "PROVIDER_ERROR",
    );
  });

  it("keeps the code of an error that already has a protocol code", () => {
    const engineCancel = Object.assign(new Error("stopped by the user"), { code: "RUN_CANCELLED" });

    expect(classifyProviderError(engineCancel)).toEqual({
      code: "RUN_CANCELLED",
      message: "Stopped by the user",
    });
    expect(
      classifyProviderError(new ProviderError("EGRESS_BLOCKED", "gemini", "egress blocked: …")).code,
    ).toBe("EGRESS_BLOCKED");
  });

  it("treats an unreadable 200 as PROVIDER_STREAM_MALFORMED", () => {
    const parse = new JSONParseError({ text: "{", cause: new SyntaxError("Unexpected end") });
    const unreadable = new APICallError({
      message: "Invalid JSON response",
      url: "https://api.example",
      requestBodyValues: {},
      statusCode: 200,
      cause: parse,
    });

    expect(classifyProviderError(unreadable, { provider: "gemini" }).code).toBe("PROVIDER_STREAM_MALFORMED");
  });

  it("never repeats a configured key, wherever the vendor echoed it", () => {
    const key = new Secret("sk-live-abcdefghijklmnopqrstuvwxyz");
    const echoed = httpError(401, `Incorrect API key provided: ${key.reveal()}`, `{"key":"${key.reveal()}"}`);

    const { message } = classifyProviderError(echoed, { provider: "openai", secrets: [key] });

    expect(message).not.toContain(key.reveal());
    expect(message).toContain("[secret]");
  });
});
