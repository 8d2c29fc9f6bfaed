import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Dispatcher } from "undici";
import {
  boundedFetch,
  type FetchTimeouts,
  type FetchWait,
  registerNativeTimeouts,
} from "./fetch-timeouts.ts";
import { getGlobalDispatcher } from "./undici-parts.ts";

/*
 * A fetch for API calls — a string or bytes in, a JSON or event-stream answer out — made straight on an undici
 * dispatcher (the egress guard's). Hand-written on undici's dispatch API because undici's own fetch implements
 * the whole Fetch standard (request objects, redirect and CORS modes, body mixins) and, on Node 20, costs about
 * 0.3 ms more per model call and two more web streams on every answer: a measurable share of a chat turn
 * (bench/gateway). What this does not handle goes to `fallback` unchanged, so callers never see a difference in
 * what is supported — only in speed:
 *  - a Request object as input, or a body other than a string, bytes or nothing;
 *  - `redirect: "error" | "manual"`. With the default, a redirect answer is returned as it is, not followed: API
 *    endpoints answer, they do not redirect (and the guard would have to approve the new host anyway).
 * Errors look like fetch's: a connection that fails rejects with `TypeError("fetch failed", { cause })` (which
 * the AI SDK retries as a network error), an abort rejects with the signal's reason, a body cut off errors the
 * stream with `TypeError("terminated", { cause })`.
 *
 * fetchWithTimeouts (fetch-timeouts.ts) given such a fetch gets a variant that sets undici's own per-request
 * headers and body timeouts, and fails with the caller's timeout error when one of them fires.
 */

export interface DispatchFetchOptions {
  /** Default: undici's global dispatcher at the time of each call (the guard, once it is installed). */
  dispatcher?: Dispatcher;
  /** For requests outside what this handles (see above). */
  fallback: typeof globalThis.fetch;
}

/** Statuses whose response has no body (a Response with a body and one of these cannot be constructed). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

type Body = string | Uint8Array | null | undefined;

function simpleBody(body: unknown): body is Body {
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
}

function headerRecord(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.append(name, value);
  }
  return headers;
}

/** A decoder for a content coding the server used although we asked for none; null for identity. */
function decoderFor(coding: string | null) {
  switch (coding?.trim().toLowerCase()) {
    case undefined:
    case "":
    case "identity":
      return null;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new Error(`unsupported content-encoding "${coding}"`);
  }
}

/** Why the signal aborted, as fetch reports it. (undici's abort takes an Error; a reason of any other type still reaches the caller, see `fail`.) */
function abortReason(signal: AbortSignal): Error {
  return (signal.reason ?? new DOMException("This operation was aborted", "AbortError")) as Error;
}

/** Which bounded wait an undici error reports, if any. */
function timedOutWait(error: unknown): FetchWait | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT") return "headers";
  if (code === "UND_ERR_BODY_TIMEOUT") return "body";
  return undefined;
}

export function createDispatchFetch(options: DispatchFetchOptions): typeof globalThis.fetch {
  const fetch = dispatchFetch(options, undefined);
  registerNativeTimeouts(fetch, (timeouts) => dispatchFetch(options, timeouts));
  return fetch;
}

function dispatchFetch(
  options: DispatchFetchOptions,
  timeouts: FetchTimeouts | undefined,
): typeof globalThis.fetch {
  const fallback = timeouts ? boundedFetch(options.fallback, timeouts) : options.fallback;
  const timeoutOptions = timeouts
    ? { headersTimeout: timeouts.headersMs, bodyTimeout: timeouts.bodyIdleMs }
    : {};

  return (input, init) => {
    const redirect = init?.redirect ?? "follow";
    if (input instanceof Request || !simpleBody(init?.body) || redirect !== "follow") {
      return fallback(input, init);
    }
    const url = new URL(input instanceof URL ? input.href : input);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const headers = headerRecord(init?.headers);
    // Asked for plainly; a server that compresses anyway is decoded below.
    headers["accept-encoding"] ??= "identity";

    return new Promise<Response>((resolve, reject) => {
      let control: Dispatcher.DispatchController | null = null;
      let body: ReadableStreamDefaultController<Uint8Array> | null = null;
      let decoder: ReturnType<typeof decoderFor> = null;
      /** The Response was handed out (errors go to its body from then on). */
      let settled = false;
      /** The body is finished with: the reader cancelled it, or it was errored. */
      let cancelled = false;
      const onAbort = () => control?.abort(abortReason(signal as AbortSignal));
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);

      const fail = (error: unknown) => {
        done();
        // What fetch reports: the abort's reason, or a TypeError around the network error; a bounded wait that
        // ran out fails with the caller's error for it.
        const wait = timeouts ? timedOutWait(error) : undefined;
        const failure = (message: string) =>
          signal?.aborted
            ? abortReason(signal)
            : timeouts && wait
              ? timeouts.timedOut(wait)
              : new TypeError(message, { cause: error });
        if (!settled) {
          settled = true;
          reject(failure("fetch failed"));
        } else if (body && !cancelled) {
          cancelled = true;
          try {
            body.error(failure("terminated"));
          } catch {
            // Already closed or errored by the reader's cancel.
          }
        }
      };

      const enqueue = (chunk: Uint8Array) => {
        if (cancelled || !body) return;
        body.enqueue(chunk);
        if ((body.desiredSize ?? 1) <= 0) control?.pause();
      };
      const close = () => {
        if (!cancelled) body?.close();
      };

      (options.dispatcher ?? getGlobalDispatcher()).dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: (init?.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod,
          headers,
          body: (init?.body ?? null) as string | Uint8Array | null,
          ...timeoutOptions,
        },
        {
          onRequestStart(controller) {
            control = controller;
            if (signal?.aborted) controller.abort(abortReason(signal));
          },
          onResponseStart(controller, statusCode, rawHeaders, statusText) {
            const responseHeadersOf = responseHeaders(rawHeaders);
            try {
              decoder = decoderFor(responseHeadersOf.get("content-encoding"));
            } catch (error) {
              controller.abort(error as Error);
              return;
            }
            const stream = nullBodyStatuses.has(statusCode)
              ? null
              : new ReadableStream<Uint8Array>(
                  {
                    start(streamController) {
                      body = streamController;
                    },
                    pull() {
                      controller.resume();
                    },
                    cancel(reason) {
                      cancelled = true;
                      done();
                      controller.abort(
                        reason instanceof Error ? reason : new Error("the body was cancelled"),
                      );
                    },
                  },
                  { highWaterMark: 1 },
                );
            if (decoder) {
              decoder.on("data", (chunk: Buffer) => enqueue(chunk));
              decoder.on("end", close);
              decoder.on("error", (error) => controller.abort(error));
            }
            settled = true;
            resolve(
              new Response(stream, {
                status: statusCode,
                ...(statusText ? { statusText } : {}),
                headers: responseHeadersOf,
              }),
            );
          },
          onResponseData(_controller, chunk) {
            // undici lends a view of its parser's (WebAssembly) memory, valid only during this call: the next
            // read overwrites it, and a reader that took the bytes over (arrayBuffer) would detach that memory.
            // Both consumers keep the bytes past this call, so each gets a copy.
            // Resumed after a pause, undici's parser may hand over an empty chunk first; enqueued, it would fill
            // the queue, pause again, and the reader's next pull would resume into another empty chunk, forever.
            if (chunk.byteLength === 0) return;
            const copy = new Uint8Array(chunk);
            if (decoder) decoder.write(copy);
            else enqueue(copy);
          },
          onResponseEnd() {
            done();
            if (decoder) decoder.end();
            else close();
          },
          onResponseError(_controller, error) {
            fail(error);
          },
        },
      );
    });
  };
}
