import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Provider } from "@multiclaw/protocol";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createModelResolver, type ModelResolver } from "../providers/model-resolver.ts";
import { isRetryError } from "../providers/retry-error.ts";
import { Secret } from "../secret.ts";
import { type LlmStandin, startLlmStandin } from "../testing/llm-standin.ts";
import { type ModelStepRequest, type ModelTool, runModelStep } from "./model-step.ts";

/*
 * runModelStep drives the AI SDK's provider models directly (no streamText), so what streamText did for it is
 * proven here against the real providers on the stand-in: retries and their waits, the prompt each vendor
 * receives, tool calls read and checked, usage.
 */

let llm: LlmStandin;
let models: ModelResolver;
const providers: Provider[] = ["openai", "anthropic", "gemini", "openai-compatible"];

beforeAll(async () => {
  llm = await startLlmStandin();
  const keys = new Map(
    providers.map((provider) => [
      provider,
      { apiKey: new Secret(`sk-${provider}-test-0000`), baseUrl: null },
    ]),
  );
  models = createModelResolver({ keys, baseUrls: llm.baseUrls });
});
afterEach(() => llm.reset());
afterAll(() => llm.close());

const readFile: ModelTool = {
  type: "function",
  name: "files_read",
  description: "Read a file",
  inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

function step(provider: Provider, overrides: Partial<ModelStepRequest> = {}) {
  const deltas: string[] = [];
  const result = runModelStep({
    model: models.model(provider, provider === "gemini" ? "gemini-2.5-flash" : "model-1", {
      streamMarks: false,
    }),
    provider,
    system: "You are terse.",
    messages: [{ role: "user", content: "Read a.txt" }],
    tools: [readFile],
    toolChoice: { type: "auto" },
    signal: new AbortController().signal,
    maxRetries: 2,
    onTextDelta: (delta) => deltas.push(delta),
    ...overrides,
  });
  return { result, deltas };
}

describe.each(providers)("a model step on %s", (provider) => {
  it("streams text, reads tool calls and reports usage", async () => {
    llm.enqueue({
      type: "tool-calls",
      text: ["Reading ", "it."],
      calls: [{ name: "files_read", input: { path: "a.txt" } }],
      usage: { inputTokens: 12, outputTokens: 7 },
    });
    const { result, deltas } = step(provider);
    const done = await result;
    expect(deltas.join("")).toBe("Reading it.");
    expect(done.text).toBe("Reading it.");
    expect(done.toolCalls).toEqual([
      { toolCallId: expect.any(String), toolName: "files_read", input: { path: "a.txt" }, unreadable: null },
    ]);
    expect(done.usage).toEqual({ inputTokens: 12, outputTokens: 7, totalTokens: 19 });
    expect(llm.requests[0]?.toolNames).toEqual(["files_read"]);
  });

  it("names the vendor when the answer breaks mid-stream (the step marks what it reads)", async () => {
    llm.enqueue({ type: "text", text: ["a", "b"], fault: { kind: "disconnect", afterEvents: 3 } });
    const { result } = step(provider);
    const error = await result.catch((caught: unknown) => caught);
    // Classified without being told the provider: the mark on the error says whose it is.
    expect(models.classifyError(error)).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(models.classifyError(error).message).toBe(models.classifyError(error, provider).message);
  });

  it("sends the history with tool results in the vendor's format", async () => {
    llm.enqueue({ type: "text", text: "Done." });
    const { result } = step(provider, {
      messages: [
        { role: "user", content: "Read a.txt" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "" },
            { type: "tool-call", toolCallId: "call_1", toolName: "files_read", input: { path: "a.txt" } },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "call_1",
              toolName: "files_read",
              output: { type: "text", value: "contents of a.txt" },
            },
          ],
        },
      ],
    });
    expect((await result).text).toBe("Done.");
    expect(llm.requests[0]?.toolResults[0]?.outputText).toContain("contents of a.txt");
  });
});

describe("a model step's retries", () => {
  it("waits as retry-after says, then succeeds", async () => {
    llm.enqueue({ type: "http-error", status: 429, retryAfterMs: 300 }, { type: "text", text: "ok" });
    const { result } = step("openai");
    expect((await result).text).toBe("ok");
    const [first, second] = llm.requests;
    expect(llm.requests).toHaveLength(2);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it("gives up after its retries with the AI SDK's RetryError, every attempt inside", async () => {
    const busy = { type: "http-error", status: 503, retryAfterSeconds: 0 } as const;
    llm.enqueue(busy, busy, busy);
    const { result } = step("anthropic", { maxRetries: 2 });
    const error = await result.catch((caught: unknown) => caught);
    expect(isRetryError(error)).toBe(true);
    expect((error as { errors: unknown[] }).errors).toHaveLength(3);
    expect(models.classifyError(error)).toMatchObject({
      code: "PROVIDER_ERROR",
      message: expect.stringMatching(/503 after 3 attempts/),
    });
  });

  it("does not retry a rejected key", async () => {
    llm.enqueue({ type: "reject-key" });
    const { result } = step("openai-compatible");
    const error = await result.catch((caught: unknown) => caught);
    expect(isRetryError(error)).toBe(false);
    expect(llm.requestCount()).toBe(1);
    expect(models.classifyError(error)).toMatchObject({ code: "KEY_REJECTED" });
  });
});

describe("a model step's tool calls", () => {
  /** A provider model that streams exactly these tool calls (input as the raw text a provider hands over). */
  function callsModel(calls: { toolName: string; input: string }[]) {
    const parts: LanguageModelV3StreamPart[] = [
      ...calls.map((call, index) => ({ type: "tool-call" as const, toolCallId: `call_${index}`, ...call })),
      {
        type: "finish",
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: {
          inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 2, text: 2, reasoning: 0 },
        },
      },
    ];
    return new MockLanguageModelV3({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      }),
    });
  }

  it("marks a call of a tool it was not offered, and input that is not JSON, as unreadable", async () => {
    const model = callsModel([
      { toolName: "shell_run", input: '{"command":"ls"}' },
      { toolName: "files_read", input: "{not json" },
      { toolName: "files_read", input: '{"path":"a.txt"}' },
    ]);
    const { result } = step("openai", { model });
    const [unknown, broken, fine] = (await result).toolCalls;
    expect(unknown?.unreadable).toBe(
      "Model tried to call unavailable tool 'shell_run'. Available tools: files_read.",
    );
    expect(broken?.unreadable).toMatch(/^Invalid input for tool files_read: JSON parsing failed/);
    expect(broken?.input).toBe("{not json");
    expect(fine).toEqual({
      toolCallId: "call_2",
      toolName: "files_read",
      input: { path: "a.txt" },
      unreadable: null,
    });
  });

  it("reads a call without arguments as an empty object", async () => {
    const { result } = step("openai", { model: callsModel([{ toolName: "files_read", input: " " }]) });
    expect((await result).toolCalls[0]).toMatchObject({ input: {}, unreadable: null });
  });
});
