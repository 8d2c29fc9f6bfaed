import type { ErrorCode, Provider } from "@multiclaw/protocol";

/**
 * A provider call that failed for a reason of ours to name: no key, the egress guard refused, a timeout of the
 * transport. Errors from the vendor itself stay the AI SDK's; `classifyProviderError` turns either into a code.
 *
 * @example
 * try { models.model("anthropic", "claude-sonnet-4-5") }
 * catch (error) { if (error instanceof ProviderError && error.code === "KEY_NOT_CONFIGURED") … }
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";

  constructor(
    readonly code: ErrorCode,
    readonly provider: Provider,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
