import type { LanguageModelV3, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Provider } from "@multiclaw/protocol";
import { markProvider } from "./provider-tag.ts";

/*
 * The model with every error it throws or streams marked with its provider (see provider-tag.ts). The same
 * error objects travel on, so the AI SDK still retries what it would retry.
 */

function markedStream(stream: ReadableStream<LanguageModelV3StreamPart>, provider: Provider) {
  const reader = stream.getReader();
  return new ReadableStream<LanguageModelV3StreamPart>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          if (value.type === "error") markProvider(value.error, provider);
          controller.enqueue(value);
        } catch (error) {
          controller.error(markProvider(error, provider));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** A plain delegate rather than the AI SDK's wrapLanguageModel: `ai` itself loads with the first call. */
export function withProviderMark(
  model: LanguageModelV3,
  provider: Provider,
  options: { streamMarks?: boolean } = {},
): LanguageModelV3 {
  const streamMarks = options.streamMarks ?? true;
  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    async doGenerate(options) {
      try {
        return await model.doGenerate(options);
      } catch (error) {
        throw markProvider(error, provider);
      }
    },
    async doStream(options) {
      try {
        const result = await model.doStream(options);
        return streamMarks ? { ...result, stream: markedStream(result.stream, provider) } : result;
      } catch (error) {
        throw markProvider(error, provider);
      }
    },
  };
}
