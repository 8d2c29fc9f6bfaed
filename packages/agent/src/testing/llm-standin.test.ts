import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LlmStandin, startLlmStandin } from "./llm-standin.ts";

/*
 * The stand-in on its own, over plain fetch: the framing and records the provider tests rely on. That the AI SDK
 * providers accept what it sends is proven in packages/agent/src/providers/*.test.ts.
 */

let llm: LlmStandin;

beforeAll(async () => {
  llm = await startLlmStandin();
});

afterEach(() => llm.reset());

afterAll(async () => {
  await llm.close();
});

interface SseEvent {
  event: string | undefined;
  data: string;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.length > 0)
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length);
      const data = lines.find((line) => line.startsWith("data: "))?.slice("data: ".length) ?? "";
      return { event, data };
    });
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("the LLM stand-in's wire formats", () => {
  it("streams Chat Completions chunks, a usage chunk only when asked for, and data: [DONE]", async () => {
    llm.enqueue(
      { type: "text", text: ["Hel", "lo"], usage: { inputTokens: 3, outputTokens: 2 } },
      { type: "text", text: "Hi" },
    );
    const url = `${llm.baseUrls.openai}/chat/completions`;
    const withUsage = parseSse(
      await (
        await post(url, { model: "gpt-4.1", stream: true, stream_options: { include_usage: true } })
      ).text(),
    );
    const withoutUsage = parseSse(await (await post(url, { model: "gpt-4.1", stream: true })).text());

    expect(withUsage.at(-1)?.data).toBe("[DONE]");
    const chunks = withUsage.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content).filter(Boolean)).toEqual(["Hel", "lo"]);
    expect(chunks.at(-1)).toMatchObject({
      object: "chat.completion.chunk",
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    expect(withoutUsage.at(-1)?.data).toBe("[DONE]");
    expect(withoutUsage.slice(0, -1).some((event) => "usage" in JSON.parse(event.data))).toBe(false);
  });

  it("streams Anthropic's event sequence with tool input as input_json_delta pieces", async () => {
    llm.enqueue({
      type: "tool-calls",
      text: "Checking",
      calls: [{ name: "weather", input: { city: "Oslo" } }],
    });
    const response = await post(`${llm.baseUrls.anthropic}/messages`, {
      model: "claude-sonnet-4-5",
      stream: true,
    });
    const events = parseSse(await response.text());

    expect(events.map((event) => event.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    for (const event of events) expect(JSON.parse(event.data).type).toBe(event.event);
    const json = events
      .map((event) => JSON.parse(event.data))
      .filter((data) => data.delta?.type === "input_json_delta")
      .map((data) => data.delta.partial_json)
      .join("");
    expect(JSON.parse(json)).toEqual({ city: "Oslo" });
    expect(JSON.parse(events.at(-2)?.data ?? "")).toMatchObject({ delta: { stop_reason: "tool_use" } });
  });

  it("streams Responses API events with increasing sequence numbers, ending in response.completed", async () => {
    llm.enqueue({ type: "text", text: ["a", "b"] });
    const response = await post(`${llm.baseUrls.openai}/responses`, { model: "gpt-4.1", stream: true });
    const events = parseSse(await response.text()).map((event) => ({
      ...event,
      json: JSON.parse(event.data),
    }));

    expect(events[0]?.event).toBe("response.created");
    expect(events.at(-1)?.json).toMatchObject({
      type: "response.completed",
      response: { status: "completed", output: [{ type: "message", content: [{ text: "ab" }] }] },
    });
    expect(events.map((event) => event.json.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.every((event) => event.event === event.json.type)).toBe(true);
  });

  it("streams Gemini over SSE with \\r\\n framing, finishReason only on the last chunk", async () => {
    llm.enqueue({ type: "text", text: ["x", "y"] });
    const response = await post(
      `${llm.baseUrls.gemini}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
      {},
      { "x-goog-api-key": "g-key" },
    );
    const text = await response.text();
    const chunks = parseSse(text).map((event) => JSON.parse(event.data));

    expect(text).toContain("\r\n\r\n");
    expect(chunks).toHaveLength(2);
    expect(chunks[0].candidates[0].finishReason).toBeUndefined();
    expect(chunks[1].candidates[0]).toMatchObject({ finishReason: "STOP", content: { role: "model" } });
    expect(chunks[1].usageMetadata.candidatesTokenCount).toBeGreaterThan(0);
    expect(llm.requests[0]).toMatchObject({ provider: "gemini", model: "gemini-2.5-flash", stream: true });
  });
});

describe("the LLM stand-in's script and records", () => {
  it("records the key from each vendor's own header, the tools offered and the tool results sent back", async () => {
    llm.enqueue({ type: "text", text: "a" }, { type: "text", text: "b" });
    await post(
      `${llm.baseUrls.anthropic}/messages`,
      {
        model: "claude-sonnet-4-5",
        tools: [{ name: "weather", input_schema: {} }],
        messages: [
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "sunny" }] },
        ],
      },
      { "x-api-key": "anthropic-key" },
    );
    await post(
      `${llm.baseUrls["openai-compatible"]}/chat/completions`,
      { model: "llama3", messages: [{ role: "tool", tool_call_id: "call_9", content: "42" }] },
      { authorization: "Bearer compatible-key" },
    );

    expect(llm.requests).toMatchObject([
      {
        provider: "anthropic",
        format: "anthropic-messages",
        path: "/v1/messages",
        apiKey: "anthropic-key",
        stream: false,
        toolNames: ["weather"],
        toolResults: [{ callId: "toolu_1", outputText: "sunny" }],
      },
      {
        provider: "openai-compatible",
        format: "openai-chat",
        path: "/compatible/v1/chat/completions",
        apiKey: "compatible-key",
        toolResults: [{ callId: "call_9", outputText: "42" }],
      },
    ]);
  });

  it("gives a request the first queued turn meant for its provider", async () => {
    llm.enqueue(
      { type: "text", text: "for anthropic", for: "anthropic" },
      { type: "text", text: "for anyone" },
    );
    const openai = await (await post(`${llm.baseUrls.openai}/chat/completions`, { model: "m" })).json();
    const anthropic = await (await post(`${llm.baseUrls.anthropic}/messages`, { model: "m" })).json();

    expect(openai).toMatchObject({ choices: [{ message: { content: "for anyone" } }] });
    expect(anthropic).toMatchObject({ content: [{ type: "text", text: "for anthropic" }] });
    expect(llm.pending()).toBe(0);
  });

  it("answers a request nothing was queued for with the vendor's 400 that says so", async () => {
    const response = await post(`${llm.baseUrls.anthropic}/messages`, { model: "m" });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining("no turn queued") },
    });
    expect(llm.requests[0]?.turn).toBeUndefined();
  });

  it("sends retry-after and retry-after-ms with an HTTP error", async () => {
    llm.enqueue({ type: "http-error", status: 429, retryAfterSeconds: 3, retryAfterMs: 2500 });
    const response = await post(`${llm.baseUrls.openai}/responses`, { model: "m" });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(response.headers.get("retry-after-ms")).toBe("2500");
    expect(await response.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
  });

  it("rejects a key as each vendor does, echoing it only when asked", async () => {
    const key = "sk-proj-abcdefghijklmnop1234";
    llm.enqueue({ type: "reject-key" }, { type: "reject-key", echoKey: true }, { type: "reject-key" });
    const masked = await post(
      `${llm.baseUrls.openai}/responses`,
      { model: "m" },
      { authorization: `Bearer ${key}` },
    );
    const echoed = await post(
      `${llm.baseUrls.openai}/responses`,
      { model: "m" },
      { authorization: `Bearer ${key}` },
    );
    const gemini = await post(
      `${llm.baseUrls.gemini}/models/g:generateContent`,
      {},
      { "x-goog-api-key": key },
    );

    expect(masked.status).toBe(401);
    expect(await masked.text()).not.toContain(key);
    expect(await echoed.text()).toContain(key);
    expect(gemini.status).toBe(400);
    expect(await gemini.json()).toMatchObject({
      error: {
        status: "INVALID_ARGUMENT",
        details: expect.arrayContaining([expect.objectContaining({ reason: "API_KEY_INVALID" })]),
      },
    });
  });

  it("answers from the default turn when nothing is queued, and keeps no records when told not to", async () => {
    const quiet = await startLlmStandin({ defaultTurn: { type: "text", text: "ok" }, record: false });
    try {
      const first = await (await post(`${quiet.baseUrls.openai}/chat/completions`, { model: "m" })).json();
      await post(`${quiet.baseUrls.openai}/chat/completions`, { model: "m" });

      expect(first).toMatchObject({ choices: [{ message: { content: "ok" } }] });
      expect(quiet.requestCount()).toBe(2);
      expect(quiet.requests).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it("cuts a stalled stream when it closes", async () => {
    const stalling = await startLlmStandin();
    stalling.enqueue({ type: "text", text: ["a", "b"], fault: { kind: "stall", afterEvents: 1 } });
    const response = await post(`${stalling.baseUrls.anthropic}/messages`, { model: "m", stream: true });
    const body = response.text();

    await stalling.close();

    await expect(body).rejects.toThrow();
  });

  it("answers 404 for a path no vendor has", async () => {
    const response = await post(`${llm.origin}/v2/complete`, {});

    expect(response.status).toBe(404);
    expect(llm.requestCount()).toBe(0);
  });
});
