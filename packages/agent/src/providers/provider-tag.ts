import type { Provider } from "@multiclaw/protocol";
import { ProviderError } from "./provider-error.ts";

/*
 * Which provider an error came from. The AI SDK's errors do not say (an APICallError has a URL, not a provider),
 * so the resolver's models mark every error they throw or stream; the classifier reads the mark to name the
 * provider in its message ("the Anthropic API rejected the key") without the caller passing it along.
 */

const providerMark = Symbol("multiclaw.provider");

/** Marks `error` as coming from `provider` (once; frozen or primitive values are left alone). */
export function markProvider<T>(error: T, provider: Provider): T {
  if (error !== null && typeof error === "object" && Object.isExtensible(error) && !(providerMark in error)) {
    Object.defineProperty(error, providerMark, { value: provider, enumerable: false });
  }
  return error;
}

/** The provider an error (or anything in its cause chain) is marked with. */
export function markedProvider(error: unknown): Provider | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== null && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    if (current instanceof ProviderError) return current.provider;
    const mark = (current as { [providerMark]?: Provider })[providerMark];
    if (mark !== undefined) return mark;
    const next = current as { lastError?: unknown; cause?: unknown };
    current = next.lastError ?? next.cause;
  }
  return undefined;
}
