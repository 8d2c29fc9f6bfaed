import { createDispatchFetch } from "@multiclaw/egress/node";
import type { Provider, RunError, TokenUsage } from "@multiclaw/protocol";
import { generateText, jsonSchema, stepCountIs, streamText, type ToolSet, tool } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../secret.ts";
import { type LlmStandin, type LlmTurn, startLlmStandin } from "../testing/llm-standin.ts";
import { providerCallSettings } from "./call-settings.ts";
import { createModelResolver, type ModelResolver, type ModelResolverOptions } from "./model-resolver.ts";
import { ProviderError } from "./provider-error.ts";
import { providerDisplayNames, sentence } from "./provider-keys.ts";
import { addTokenUsage, noTokenUsage, tokenUsageOf } from "./token-usage.ts";

/*
 * The behaviour every provider format must show, run by one test file per format (so the formats' waits overlap
 * across workers): the real AI SDK provider against the stand-in, driven the way the engine drives it.
 */

export interface ProviderUnderTest {
  label: string;
  provider: Provider;
  modelId: string;
  openaiApi?: "responses" | "chat";
  /** The stand-in URL goes on the key (openai-compatible) instead of the resolver's override. */
  baseUrlOnKey?: boolean;
  /** SSE events this format sends before the first text delta (a fault after `preamble + 1` follows text). */
  preambleEvents: number;
}

/** What a streamed call produced, collected the way the engine reads `fullStream`. */
interface StreamOutcome {
  textDeltas: string[];
  toolCallIds: string[];
  failures: RunError[];
  /** Summed from `finish-step` parts. */
  stepUsage: TokenUsage;
  /** From the `finish` part. */
  totalUsage: TokenUsage | undefined;
}

interface RunOptions {
  signal?: AbortSignal;
  tools?: ToolSet;
  steps?: number;
  maxRetries?: number;
  /** Called with each text delta (to cancel mid-answer). */
  onText?: (text: string) => void;
}

/** Slack for "waited at least N ms": Node timers run on a millisecond loop clock and may fire a hair early. */
const timerSlackMs = 5;

const weatherTools: ToolSet = {
  weather: tool({
    description: "The weather in a city",
    inputSchema: jsonSchema<{ city: string }>({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    }),
    execute: async ({ city }) => `weather in ${city}: sunny`,
  }),
};

export function describeProviderContract(subject: ProviderUnderTest): void {
  const name = providerDisplayNames[subject.provider];
  const key = `sk-${subject.provider}-test-0123456789abcdef`;
  const afterFirstText = subject.preambleEvents + 1;

  describe(`${subject.label} through the AI SDK against the stand-in`, () => {
    let llm: LlmStandin;
    // Model calls go out as the gateway sends them: straight on a dispatcher, by the short fetch
    // (dispatch-fetch.ts), here undici's global one.
    const fetch = createDispatchFetch({ fallback: globalThis.fetch });

    beforeAll(async () => {
      llm = await startLlmStandin();
    });
    afterEach(() => llm.reset());
    afterAll(() => llm.close());

    function resolver(options: Partial<ModelResolverOptions> = {}): ModelResolver {
      const baseUrl = llm.baseUrls[subject.provider];
      const keys = new Map([
        [subject.provider, { apiKey: new Secret(key), baseUrl: subject.baseUrlOnKey ? baseUrl : null }],
      ]);
      return createModelResolver({
        keys,
        baseUrls: subject.baseUrlOnKey ? {} : { [subject.provider]: baseUrl },
        openaiApi: subject.openaiApi,
        fetch,
        ...options,
      });
    }

    async function run(models: ModelResolver, options: RunOptions = {}): Promise<StreamOutcome> {
      const outcome: StreamOutcome = {
        textDeltas: [],
        toolCallIds: [],
        failures: [],
        stepUsage: noTokenUsage,
        totalUsage: undefined,
      };
      const settings = providerCallSettings(options.signal, { maxRetries: options.maxRetries ?? 2 });
      const result = streamText({
        model: models.model(subject.provider, subject.modelId),
        prompt: "What is the weather in Oslo and Rome?",
        tools: options.tools,
        stopWhen: stepCountIs(options.steps ?? 1),
        ...settings,
        onError: () => {},
      });
      try {
        for await (const part of result.fullStream) {
          switch (part.type) {
            case "text-delta":
              outcome.textDeltas.push(part.text);
              options.onText?.(part.text);
              break;
            case "tool-call":
              outcome.toolCallIds.push(part.toolCallId);
              break;
            case "finish-step":
              outcome.stepUsage = addTokenUsage(outcome.stepUsage, tokenUsageOf(part.usage));
              break;
            case "finish":
              outcome.totalUsage = tokenUsageOf(part.totalUsage);
              break;
            case "error":
              outcome.failures.push(models.classifyError(part.error));
              break;
            case "abort":
              outcome.failures.push(models.classifyError(settings.abortSignal.reason));
              break;
          }
        }
      } catch (error) {
        // A connection that breaks mid-answer ends fullStream with a throw rather than an error part.
        outcome.failures.push(models.classifyError(error));
      } finally {
        settings.release();
      }
      return outcome;
    }

    function enqueue(...turns: LlmTurn[]) {
      llm.enqueue(...turns);
    }

    it("streams text in the chunks the provider sent, with the key in the vendor's own header", async () => {
      enqueue({ type: "text", text: ["It is ", "sunny ", "in Oslo."] });

      const outcome = await run(resolver());

      expect(outcome.failures).toEqual([]);
      expect(outcome.textDeltas).toEqual(["It is ", "sunny ", "in Oslo."]);
      expect(llm.requests).toHaveLength(1);
      expect(llm.requests[0]).toMatchObject({ provider: subject.provider, stream: true, apiKey: key });
      expect(llm.requests[0]?.model).toBe(subject.modelId);
    });

    it("sends the tool results back in the next request (two calls, one round trip) and sums usage", async () => {
      enqueue(
        {
          type: "tool-calls",
          calls: [
            { name: "weather", input: { city: "Oslo" } },
            { name: "weather", input: { city: "Rome" } },
          ],
          usage: { inputTokens: 10, outputTokens: 5 },
        },
        { type: "text", text: "Sunny in both.", usage: { inputTokens: 20, outputTokens: 7 } },
      );

      const outcome = await run(resolver(), { tools: weatherTools, steps: 2 });

      expect(outcome.failures).toEqual([]);
      expect(outcome.textDeltas.join("")).toBe("Sunny in both.");
      expect(llm.requests[0]?.toolNames).toEqual(["weather"]);
      const results = llm.requests[1]?.toolResults ?? [];
      expect(results.map((result) => result.outputText)).toEqual([
        expect.stringContaining("weather in Oslo: sunny"),
        expect.stringContaining("weather in Rome: sunny"),
      ]);
      for (const result of results) {
        if (result.callId !== null) expect(outcome.toolCallIds).toContain(result.callId);
      }
      expect(outcome.stepUsage).toEqual({ inputTokens: 30, outputTokens: 12, totalTokens: 42 });
      expect(outcome.totalUsage).toEqual(outcome.stepUsage);
    });

    it("reports the provider's token usage for a streamed and a non-streamed call", async () => {
      enqueue(
        { type: "text", text: "Sunny.", usage: { inputTokens: 123, outputTokens: 45 } },
        { type: "text", text: "Sunny.", usage: { inputTokens: 17, outputTokens: 3 } },
      );
      const models = resolver();

      const streamed = await run(models);
      const whole = await generateText({
        model: models.model(subject.provider, subject.modelId),
        prompt: "Weather?",
        ...providerCallSettings(undefined),
      });

      expect(streamed.totalUsage).toEqual({ inputTokens: 123, outputTokens: 45, totalTokens: 168 });
      expect(whole.text).toBe("Sunny.");
      expect(tokenUsageOf(whole.usage)).toEqual({ inputTokens: 17, outputTokens: 3, totalTokens: 20 });
      expect(llm.requests.map((request) => request.stream)).toEqual([true, false]);
    });

    it("says the key was rejected, naming the provider, without retrying or repeating the key", async () => {
      enqueue({ type: "reject-key", echoKey: true });

      const outcome = await run(resolver());

      expect(outcome.failures).toEqual([
        { code: "KEY_REJECTED", message: expect.stringContaining(sentence(name)) },
      ]);
      expect(outcome.failures[0]?.message).not.toContain(key);
      expect(llm.requests).toHaveLength(1);
    });

    it("waits as retry-after says after a 429, then succeeds", async () => {
      enqueue({ type: "http-error", status: 429, retryAfterSeconds: 1 }, { type: "text", text: "ok" });

      const outcome = await run(resolver());

      expect(outcome.failures).toEqual([]);
      expect(outcome.textDeltas).toEqual(["ok"]);
      const [first, second] = llm.requests;
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(
        1000 - timerSlackMs,
      );
    });

    it("retries a 500, then succeeds", async () => {
      enqueue({ type: "http-error", status: 500, retryAfterMs: 20 }, { type: "text", text: "ok" });

      const outcome = await run(resolver());

      expect(outcome.failures).toEqual([]);
      expect(outcome.textDeltas).toEqual(["ok"]);
      expect(llm.requests).toHaveLength(2);
    });

    it("gives up on a 503 that persists after its retries, with PROVIDER_ERROR", async () => {
      enqueue(
        { type: "http-error", status: 503, retryAfterMs: 10 },
        { type: "http-error", status: 503, retryAfterMs: 10 },
      );

      const outcome = await run(resolver(), { maxRetries: 1 });

      expect(outcome.failures).toEqual([
        { code: "PROVIDER_ERROR", message: expect.stringMatching(/503 after 2 attempts/) },
      ]);
      expect(llm.requests).toHaveLength(2);
    });

    it("reports an event it cannot parse as PROVIDER_STREAM_MALFORMED", async () => {
      enqueue({ type: "text", text: ["a", "b"], fault: { kind: "malformed", afterEvents: afterFirstText } });

      const outcome = await run(resolver());

      expect(outcome.failures.map((failure) => failure.code)).toEqual(["PROVIDER_STREAM_MALFORMED"]);
      expect(outcome.failures[0]?.message).toContain(sentence(name));
    });

    it("reports the vendor's error event mid-answer as PROVIDER_ERROR", async () => {
      enqueue({
        type: "text",
        text: ["a", "b"],
        fault: { kind: "error-event", afterEvents: afterFirstText },
      });

      const outcome = await run(resolver());

      expect(outcome.textDeltas).toEqual(["a"]);
      expect(outcome.failures.map((failure) => failure.code)).toEqual(["PROVIDER_ERROR"]);
    });

    it("reports a connection cut mid-answer as PROVIDER_ERROR, after the text that arrived", async () => {
      enqueue({ type: "text", text: ["a", "b"], fault: { kind: "disconnect", afterEvents: afterFirstText } });

      const outcome = await run(resolver());

      expect(outcome.textDeltas).toEqual(["a"]);
      expect(outcome.failures).toEqual([
        { code: "PROVIDER_ERROR", message: expect.stringContaining(`connection to ${name} broke`) },
      ]);
      expect(llm.requests).toHaveLength(1);
    });

    it("times out a stream that goes silent mid-answer (PROVIDER_TIMEOUT)", async () => {
      enqueue({ type: "text", text: ["a", "b"], fault: { kind: "stall", afterEvents: afterFirstText } });

      const outcome = await run(resolver({ idleTimeoutMs: 150 }));

      expect(outcome.textDeltas).toEqual(["a"]);
      expect(outcome.failures).toEqual([
        { code: "PROVIDER_TIMEOUT", message: `${sentence(name)} stopped sending for 150 ms` },
      ]);
    });

    it("times out a slow stream whose chunks come further apart than the idle limit", async () => {
      enqueue({ type: "text", text: ["a", "b", "c"], chunkDelayMs: 2_000 });

      const outcome = await run(resolver({ idleTimeoutMs: 150 }));

      expect(outcome.failures.map((failure) => failure.code)).toEqual(["PROVIDER_TIMEOUT"]);
    });

    it("times out a provider that sends no response headers (PROVIDER_TIMEOUT)", async () => {
      enqueue({ type: "text", text: "late", headersDelayMs: 5_000 });

      const outcome = await run(resolver({ responseTimeoutMs: 150 }));

      expect(outcome.failures).toEqual([
        { code: "PROVIDER_TIMEOUT", message: `${sentence(name)} sent no response within 150 ms` },
      ]);
      expect(llm.requests).toHaveLength(1);
    });

    it("stops when the run is cancelled mid-answer (RUN_CANCELLED)", async () => {
      enqueue({ type: "text", text: ["a", "b", "c", "d"], chunkDelayMs: 200 });
      const cancel = new AbortController();

      const outcome = await run(resolver(), { signal: cancel.signal, onText: () => cancel.abort() });

      expect(outcome.failures).toEqual([{ code: "RUN_CANCELLED", message: "The run was cancelled" }]);
      expect(outcome.textDeltas.length).toBeLessThan(4);
    });

    it("fails at once without a key, contacting nobody (KEY_NOT_CONFIGURED)", () => {
      const models = createModelResolver({ keys: new Map(), baseUrls: llm.baseUrls });

      let failure: unknown;
      try {
        models.model(subject.provider, subject.modelId);
      } catch (error) {
        failure = error;
      }

      expect(failure).toBeInstanceOf(ProviderError);
      expect(failure).toMatchObject({ code: "KEY_NOT_CONFIGURED", provider: subject.provider });
      expect((failure as Error).message).toContain(subject.provider);
      expect(llm.requestCount()).toBe(0);
    });
  });
}
