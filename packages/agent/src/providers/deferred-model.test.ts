import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { expect, it } from "vitest";
import { deferredModel } from "./deferred-model.ts";

const call: LanguageModelV3CallOptions = {
  prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
};

it("loads the vendor's model on the first call only, and once", async () => {
  let loads = 0;
  const real = new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: "text", text: "ok" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings: [],
    }),
  });
  const model = deferredModel({
    provider: "mock.chat",
    modelId: "m",
    load: async () => {
      loads++;
      return real as LanguageModelV3;
    },
  });
  expect(model.provider).toBe("mock.chat");
  expect(model.modelId).toBe("m");
  expect(loads).toBe(0);
  const [first, second] = await Promise.all([model.doGenerate(call), model.doGenerate(call)]);
  expect(first.content).toEqual([{ type: "text", text: "ok" }]);
  expect(second.content).toEqual(first.content);
  expect(loads).toBe(1);
  expect(real.doGenerateCalls).toHaveLength(2);
});

it("tries the import again on the next call after it failed", async () => {
  let attempts = 0;
  const model = deferredModel({
    provider: "mock.chat",
    modelId: "m",
    load: async () => {
      attempts++;
      if (attempts === 1) throw new Error("the chunk could not be read");
      return new MockLanguageModelV3({ doStream: async () => ({ stream: new ReadableStream() }) });
    },
  });
  await expect(model.doStream(call)).rejects.toThrow("the chunk could not be read");
  await expect(model.doStream(call)).resolves.toHaveProperty("stream");
  expect(attempts).toBe(2);
});
