import type { LanguageModelV3 } from "@ai-sdk/provider";

/*
 * A model whose vendor SDK is imported on its first call, not when it is resolved. The gateway starts without
 * parsing the vendors' SDKs (~1.5 MiB of code together), and a workspace with only an Anthropic key never
 * loads OpenAI's or Google's.
 */

export interface DeferredModelSpec {
  /** The AI SDK's provider id of the model once loaded, e.g. "anthropic.messages" (shown in results). */
  provider: string;
  modelId: string;
  load(): Promise<LanguageModelV3>;
}

export function deferredModel(spec: DeferredModelSpec): LanguageModelV3 {
  let loading: Promise<LanguageModelV3> | undefined;
  const loaded = (): Promise<LanguageModelV3> => {
    if (!loading) {
      loading = spec.load();
      // A failed import is tried again on the next call instead of being remembered forever.
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
  return {
    specificationVersion: "v3",
    provider: spec.provider,
    modelId: spec.modelId,
    // Read by the AI SDK during a call only: which URLs the model downloads itself.
    get supportedUrls() {
      return loaded().then((model) => model.supportedUrls);
    },
    doGenerate: async (options) => (await loaded()).doGenerate(options),
    doStream: async (options) => (await loaded()).doStream(options),
  };
}
