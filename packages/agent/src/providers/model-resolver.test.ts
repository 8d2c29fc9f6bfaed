import { createServer } from "node:net";
import { resolveInventory } from "@multiclaw/egress";
import {
  type ConnectionLedger,
  createConnectionLedger,
  createEgressGuard,
  type EgressGuard,
} from "@multiclaw/egress/node";
import type { Provider } from "@multiclaw/protocol";
import { streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../secret.ts";
import { type LlmStandin, startLlmStandin } from "../testing/llm-standin.ts";
import { providerCallSettings } from "./call-settings.ts";
import { createModelResolver, type ModelResolver } from "./model-resolver.ts";
import type { ProviderKey } from "./provider-keys.ts";

let llm: LlmStandin;

beforeAll(async () => {
  llm = await startLlmStandin();
});
afterEach(() => llm.reset());
afterAll(() => llm.close());

/** Streams one answer and returns its text and the classified failures. */
async function ask(models: ModelResolver, provider: Provider, modelId = "gpt-4.1", maxRetries = 2) {
  const settings = providerCallSettings(undefined, { maxRetries });
  const result = streamText({
    model: models.model(provider, modelId),
    prompt: "hi",
    ...settings,
    onError: () => {},
  });
  let text = "";
  const failures = [];
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") text += part.text;
      if (part.type === "error") failures.push(models.classifyError(part.error));
    }
  } catch (error) {
    failures.push(models.classifyError(error));
  } finally {
    settings.release();
  }
  return { text, failures };
}

function keyOf(value: string, baseUrl: string | null = null): ProviderKey {
  return { apiKey: new Secret(value), baseUrl };
}

describe("the model resolver's models", () => {
  it("makes one model per provider, model id and endpoint, and a new one when the endpoint changes", async () => {
    const keys = new Map([
      ["openai-compatible" as Provider, keyOf("sk-local-0000", llm.baseUrls["openai-compatible"])],
    ]);
    const models = createModelResolver({ keys });
    const first = models.model("openai-compatible", "llama3");
    expect(models.model("openai-compatible", "llama3")).toBe(first);
    expect(models.model("openai-compatible", "qwen3")).not.toBe(first);
    keys.set("openai-compatible", keyOf("sk-local-0000", `${llm.baseUrls["openai-compatible"]}/`));
    const moved = models.model("openai-compatible", "llama3");
    expect(moved).not.toBe(first);
    llm.enqueue({ type: "text", text: "still answers" });
    expect((await ask(models, "openai-compatible", "llama3")).text).toBe("still answers");
  });
});

describe("the model resolver's keys", () => {
  it("uses a rotated key on the next request, with the same model object", async () => {
    const keys = new Map([["openai" as Provider, keyOf("sk-first-key-0000")]]);
    const models = createModelResolver({ keys, baseUrls: llm.baseUrls });
    const model = models.model("openai", "gpt-4.1");
    llm.enqueue({ type: "text", text: "one" }, { type: "text", text: "two" });

    await streamText({ model, prompt: "hi" }).consumeStream();
    keys.set("openai", keyOf("sk-second-key-1111"));
    await streamText({ model, prompt: "hi" }).consumeStream();

    expect(llm.requests.map((request) => request.apiKey)).toEqual([
      "sk-first-key-0000",
      "sk-second-key-1111",
    ]);
  });

  it("fails a model whose key was removed since, with KEY_NOT_CONFIGURED and no request", async () => {
    const keys = new Map([["anthropic" as Provider, keyOf("sk-ant-0000000000")]]);
    const models = createModelResolver({ keys, baseUrls: llm.baseUrls });
    const model = models.model("anthropic", "claude-sonnet-4-5");
    keys.delete("anthropic");

    const result = streamText({ model, prompt: "hi", onError: () => {} });
    const errors: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "error") errors.push(part.error);

    expect(errors.map((error) => models.classifyError(error))).toEqual([
      { code: "KEY_NOT_CONFIGURED", message: expect.stringContaining("anthropic") },
    ]);
    expect(llm.requestCount()).toBe(0);
  });

  it("refuses an openai-compatible key without a base URL at once", () => {
    const models = createModelResolver({ keys: new Map([["openai-compatible", keyOf("local-key-1234")]]) });

    expect(() => models.model("openai-compatible", "llama3")).toThrow(
      expect.objectContaining({ code: "KEY_NOT_CONFIGURED", message: expect.stringContaining("base URL") }),
    );
  });

  it("sends to the key's base URL when no override is set", async () => {
    const keys = new Map([["anthropic" as Provider, keyOf("sk-ant-0000000000", llm.baseUrls.anthropic)]]);
    llm.enqueue({ type: "text", text: "via the key's endpoint" });

    const { text } = await ask(createModelResolver({ keys }), "anthropic", "claude-sonnet-4-5");

    expect(text).toBe("via the key's endpoint");
    expect(llm.requests[0]?.path).toBe("/v1/messages");
  });
});

describe("the model resolver's endpoints", () => {
  const variables = ["OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY"];
  afterEach(() => {
    for (const variable of variables) delete process.env[variable];
  });

  it("sends to the vendor's endpoint with the real key, whatever OPENAI_BASE_URL and ANTHROPIC_BASE_URL say", async () => {
    process.env.OPENAI_BASE_URL = `${llm.origin}/v1`;
    process.env.ANTHROPIC_BASE_URL = `${llm.origin}/v1`;
    process.env.OPENAI_API_KEY = "sk-from-the-environment";
    const sent: { url: string; authorization: string | null; apiKey: string | null }[] = [];
    // Records where the provider would connect; the vendors are not reachable from this machine.
    const recordingFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      sent.push({
        url: String(input),
        authorization: headers.get("authorization"),
        apiKey: headers.get("x-api-key"),
      });
      return Response.json({ error: { message: "offline", type: "invalid_request_error" } }, { status: 400 });
    };
    const keys = new Map<Provider, ProviderKey>([
      ["openai", keyOf("sk-configured-openai")],
      ["anthropic", keyOf("sk-configured-anthropic")],
    ]);
    const models = createModelResolver({ keys, fetch: recordingFetch });

    await ask(models, "openai", "gpt-4.1", 0);
    await ask(models, "anthropic", "claude-sonnet-4-5", 0);

    expect(sent).toEqual([
      {
        url: "https://api.openai.com/v1/responses",
        authorization: "Bearer sk-configured-openai",
        apiKey: null,
      },
      {
        url: "https://api.anthropic.com/v1/messages",
        authorization: null,
        apiKey: "sk-configured-anthropic",
      },
    ]);
    expect(llm.requestCount()).toBe(0);
  });

  it("says it could not reach a provider whose port is closed, after its retries", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const keys = new Map([
      ["openai-compatible" as Provider, keyOf("local-key-1234", `http://127.0.0.1:${port}/v1`)],
    ]);

    const { failures } = await ask(createModelResolver({ keys }), "openai-compatible", "llama3", 0);

    expect(failures).toEqual([
      {
        code: "PROVIDER_ERROR",
        message: expect.stringMatching(/^Could not reach the OpenAI-compatible endpoint/),
      },
    ]);
  });
});

describe("the model resolver behind the egress guard", () => {
  let guard: EgressGuard;
  let ledger: ConnectionLedger;
  let keyConfigured = false;

  beforeAll(() => {
    const inventory = resolveInventory({
      providerBaseUrls: { "openai-compatible": llm.baseUrls["openai-compatible"] },
    });
    ledger = createConnectionLedger();
    guard = createEgressGuard({
      inventory,
      ledger,
      conditions: () =>
        keyConfigured
          ? { active: true }
          : { active: false, reason: "no key configured for openai-compatible" },
    });
  });
  afterAll(() => guard.close());

  // What the gateway passes: global fetch bound to the guard's undici dispatcher. (The cast bridges the types
  // of Node's bundled undici and undici 7; at run time global fetch takes the dispatcher.)
  const guardedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, dispatcher: guard.dispatcher } as unknown as RequestInit);
  const keys = () =>
    new Map([["openai-compatible" as Provider, keyOf("local-key-1234", llm.baseUrls["openai-compatible"])]]);

  it("reaches the provider through the guard when its row is active", async () => {
    keyConfigured = true;
    llm.enqueue({ type: "text", text: "through the guard" });

    const { text, failures } = await ask(
      createModelResolver({ keys: keys(), fetch: guardedFetch }),
      "openai-compatible",
    );

    expect(failures).toEqual([]);
    expect(text).toBe("through the guard");
  });

  it("fails with EGRESS_BLOCKED and the guard's reason when it refuses, without retrying", async () => {
    keyConfigured = false;

    const { failures } = await ask(
      createModelResolver({ keys: keys(), fetch: guardedFetch }),
      "openai-compatible",
    );

    expect(failures).toEqual([
      { code: "EGRESS_BLOCKED", message: expect.stringContaining("no key configured for openai-compatible") },
    ]);
    expect(ledger.entries().filter((entry) => entry.blockedReason !== undefined)).toHaveLength(1);
    expect(llm.requestCount()).toBe(0);
  });
});
