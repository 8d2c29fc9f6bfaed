import type { Provider } from "@multiclaw/protocol";
import { streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { Secret } from "../secret.ts";
import { type LlmStandin, startLlmStandin } from "../testing/llm-standin.ts";
import { providerCallSettings } from "./call-settings.ts";
import { createModelResolver } from "./model-resolver.ts";

let llm: LlmStandin;

beforeAll(async () => {
  llm = await startLlmStandin();
});
afterEach(() => llm.reset());
afterAll(() => llm.close());

function models() {
  const keys = new Map([
    ["anthropic" as Provider, { apiKey: new Secret("sk-ant-0123456789"), baseUrl: null }],
  ]);
  return createModelResolver({ keys, baseUrls: llm.baseUrls });
}

describe("provider call settings", () => {
  it("backs off 2 s (the AI SDK's first delay) before retrying a 500 that says nothing about when", async () => {
    llm.enqueue({ type: "http-error", status: 500 }, { type: "text", text: "ok" });
    const resolver = models();

    const result = streamText({
      model: resolver.model("anthropic", "claude-sonnet-4-5"),
      prompt: "hi",
      ...providerCallSettings(undefined),
    });

    expect(await result.text).toBe("ok");
    const [first, second] = llm.requests;
    // A lower bound only; Node timers may fire a hair before the millisecond they were set for.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(2000 - 5);
  });

  it("ends a call that outlasts the total time with PROVIDER_TIMEOUT, not as a cancelled run", async () => {
    llm.enqueue({ type: "text", text: ["a", "b", "c"], chunkDelayMs: 500 });
    const resolver = models();
    const settings = providerCallSettings(new AbortController().signal, { totalTimeoutMs: 150 });
    onTestFinished(() => settings.release());

    const result = streamText({
      model: resolver.model("anthropic", "claude-sonnet-4-5"),
      prompt: "hi",
      ...settings,
    });
    const kinds: string[] = [];
    for await (const part of result.fullStream) kinds.push(part.type);

    expect(kinds).toContain("abort");
    expect(resolver.classifyError(settings.abortSignal.reason)).toMatchObject({ code: "PROVIDER_TIMEOUT" });
  });

  it("spreads into streamText as maxRetries and abortSignal only", () => {
    const settings = providerCallSettings(undefined, { maxRetries: 4 });
    onTestFinished(() => settings.release());

    expect(Object.keys({ ...settings }).sort()).toEqual(["abortSignal", "maxRetries"]);
    expect({ ...settings }.maxRetries).toBe(4);
  });

  it("passes the run's cancellation through as RUN_CANCELLED", () => {
    const run = new AbortController();
    const settings = providerCallSettings(run.signal);

    run.abort();

    expect(settings.abortSignal.aborted).toBe(true);
    expect(models().classifyError(settings.abortSignal.reason)).toEqual({
      code: "RUN_CANCELLED",
      message: "The run was cancelled",
    });
  });
});
