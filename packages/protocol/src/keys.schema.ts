import { z } from "zod";
import { Provider, Timestamp, UserId } from "./common.schema.ts";

export const PutProviderKeyRequest = z
  .strictObject({
    apiKey: z.string().trim().min(8).max(4096),
    /** Required for `openai-compatible` (Ollama, vLLM, LM Studio…); optional override for the others. */
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .describe("The key is write-only: no endpoint returns it except an instance's config sync");
export type PutProviderKeyRequest = z.infer<typeof PutProviderKeyRequest>;

/** What listings show: never the key, only its last four characters. */
export const ProviderKeySummary = z.object({
  provider: Provider,
  lastFour: z.string(),
  baseUrl: z.string().nullable(),
  updatedAt: Timestamp,
  updatedBy: UserId,
});
export type ProviderKeySummary = z.infer<typeof ProviderKeySummary>;

export const ProviderKeyList = z.object({ keys: z.array(ProviderKeySummary) });
export type ProviderKeyList = z.infer<typeof ProviderKeyList>;
