import { APICallError, JSONParseError, TypeValidationError } from "@ai-sdk/provider";
import { type ErrorCode, errorCodes, type Provider, type RunError } from "@multiclaw/protocol";
import { redactSecrets, type Secret } from "../secret.ts";
import { providerDisplayNames, sentence } from "./provider-keys.ts";
import { markedProvider } from "./provider-tag.ts";
import { isRetryError } from "./retry-error.ts";

/*
 * Every way a provider call can fail, as one protocol error code and a message a user can act on. What arrives
 * here: the AI SDK's errors (APICallError with the HTTP status, parse errors of a broken stream, RetryError
 * around the last attempt's error), errors of ours (ProviderError: no key, egress refused, transport timeout),
 * network errors of a connection that broke mid-answer, a vendor's in-stream error event (a plain object), and
 * abort reasons (a cancelled run, AbortSignal.timeout).
 */

export interface ClassifyOptions {
  /** Named in the message; read from the error's provider mark when not given. */
  provider?: Provider | undefined;
  /** Keys to redact from the message, in case the vendor echoed one. */
  secrets?: Iterable<Secret>;
}

const connectionCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "ConnectionRefused",
  "ConnectionClosed",
]);

/** The error and everything behind it: `lastError` of a RetryError, then `cause`s. */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && !chain.includes(current) && chain.length < 10) {
    chain.push(current);
    current = isRetryError(current)
      ? current.lastError
      : typeof current === "object"
        ? (current as { cause?: unknown }).cause
        : undefined;
  }
  return chain;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCodes, value);
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "object" && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return String(value);
}

function isKeyInvalid(error: APICallError): boolean {
  // Gemini answers a wrong key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
  return (
    error.statusCode === 400 && /API_KEY_INVALID|API key not valid/i.test(error.responseBody ?? error.message)
  );
}

function isParseError(item: unknown): boolean {
  return JSONParseError.isInstance(item) || TypeValidationError.isInstance(item);
}

function connectionBreak(chain: readonly unknown[]): unknown {
  return chain.find(
    (item) =>
      connectionCodes.has(String((item as { code?: unknown } | null)?.code)) ||
      (item instanceof TypeError && /^(terminated|other side closed)$/i.test(item.message)),
  );
}

function malformed(name: string, detail: string): RunError {
  return {
    code: "PROVIDER_STREAM_MALFORMED",
    message: `${name} sent a response that could not be read: ${detail}`,
  };
}

function broken(name: string, detail: string): RunError {
  return {
    code: "PROVIDER_ERROR",
    message: `The connection to ${name} broke before the answer was complete (${detail})`,
  };
}

function fromStatus(error: APICallError, name: string, attempts: number): RunError {
  const status = error.statusCode;
  const detail = error.message;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  if (status === undefined || status < 300) {
    // No status: it never connected. 2xx: the answer began and then broke or could not be parsed.
    const causes = chainOf(error.cause);
    const cut = connectionBreak(causes);
    if (status !== undefined && cut) return broken(name, messageOf(cut));
    if (causes.some(isParseError)) return malformed(name, messageOf(causes.find(isParseError)));
    if (status === undefined)
      return { code: "PROVIDER_ERROR", message: `Could not reach ${name}${tries}: ${detail}` };
    return malformed(name, detail);
  }
  if (status === 401 || status === 403 || isKeyInvalid(error)) {
    return { code: "KEY_REJECTED", message: `${name} rejected the API key (${status}: ${detail})` };
  }
  if (status === 429) {
    return {
      code: "PROVIDER_RATE_LIMITED",
      message: `${name} is rate limiting requests${tries} (429: ${detail})`,
    };
  }
  if (status === 408)
    return { code: "PROVIDER_TIMEOUT", message: `${name} timed out the request (408: ${detail})` };
  if (status >= 500)
    return { code: "PROVIDER_ERROR", message: `${name} answered ${status}${tries}: ${detail}` };
  return { code: "PROVIDER_ERROR", message: `${name} refused the request (${status}: ${detail})` };
}

/** A vendor's error event inside a stream: Anthropic's `{ type, message }`, OpenAI's `{ code, message }`. */
function fromVendorEvent(
  event: { type?: unknown; code?: unknown; message?: unknown },
  name: string,
): RunError {
  const kind = `${String(event.type ?? "")} ${String(event.code ?? "")}`;
  const detail = messageOf(event);
  if (/rate_limit/.test(kind))
    return { code: "PROVIDER_RATE_LIMITED", message: `${name} is rate limiting: ${detail}` };
  if (/authentication|invalid_api_key/.test(kind)) {
    return { code: "KEY_REJECTED", message: `${name} rejected the API key: ${detail}` };
  }
  return { code: "PROVIDER_ERROR", message: `${name} reported an error mid-answer: ${detail}` };
}

function classify(error: unknown, name: string): RunError {
  const chain = chainOf(error);
  const attempts = isRetryError(error) ? error.errors.length : 1;

  // Errors that already carry a protocol code: ours, the egress guard's, the engine's.
  for (const item of chain) {
    const code = (item as { code?: unknown }).code;
    if (item instanceof Error && isErrorCode(code)) return { code, message: item.message };
  }
  // The error itself, or for a RetryError the last attempt's.
  const first = chain.find((item) => !isRetryError(item)) ?? error;
  if (first instanceof Error || first instanceof DOMException) {
    if (first.name === "TimeoutError") {
      return { code: "PROVIDER_TIMEOUT", message: `${name} did not finish in time (${first.message})` };
    }
    if (first.name === "AbortError" || first.name === "ResponseAborted") {
      return { code: "RUN_CANCELLED", message: "The run was cancelled" };
    }
  }
  const apiError = chain.find((item) => APICallError.isInstance(item));
  if (apiError) return fromStatus(apiError, name, attempts);
  if (chain.some(isParseError)) return malformed(name, messageOf(chain.find(isParseError)));
  const cut = connectionBreak(chain);
  if (cut) return broken(name, messageOf(cut));
  if (!(first instanceof Error) && typeof first === "object" && first !== null) {
    return fromVendorEvent(first, name);
  }
  return { code: "PROVIDER_ERROR", message: `${name} failed: ${messageOf(first)}` };
}

/**
 * A provider failure as `{ code, message }` (the protocol's RunError). Use it for an `error` part of
 * `fullStream`, an error a `streamText` / `generateText` promise rejects with, and — for an `abort` part — the
 * reason of the signal passed to streamText (a cancelled run gives RUN_CANCELLED, a total timeout
 * PROVIDER_TIMEOUT).
 *
 * @example
 * if (part.type === "error") fail(classifyProviderError(part.error, { provider: "anthropic", secrets }));
 */
export function classifyProviderError(error: unknown, options: ClassifyOptions = {}): RunError {
  const provider = options.provider ?? markedProvider(error);
  const name = provider ? providerDisplayNames[provider] : "the provider";
  const { code, message } = classify(error, name);
  return { code, message: redactSecrets(sentence(message), options.secrets ?? []) };
}
