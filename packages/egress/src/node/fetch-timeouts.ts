/*
 * Bounds on the two waits of an API call: for the response's status line and headers, and for each later
 * piece of its body. Only the waits are bounded, not the whole call: a model may stream for many minutes.
 *
 * A fetch made by createDispatchFetch applies them on the undici dispatcher itself (its per-request
 * `headersTimeout` and `bodyTimeout`), which costs nothing per call; any other fetch gets them from a wrapper
 * (boundedFetch: a timer, a combined abort signal and one more web stream per call, ~0.1-0.2 ms of a chat
 * turn on Node 20). Either way the body bound counts the server's silence only: once bytes wait unread
 * because the reader is busy elsewhere, the clock stands still until it reads again (undici pauses its parser;
 * the wrapper runs its timer only while a read is pending). undici's own timers tick about twice a second, so
 * there a bound fires up to a second late: nothing next to the minutes the gateway allows a provider.
 */

export type FetchWait = "headers" | "body";

export interface FetchTimeouts {
  /** Longest wait for the status line and headers. */
  headersMs: number;
  /** Longest wait for the next bytes of a body the reader is waiting for. */
  bodyIdleMs: number;
  /** The error the call (headers) or its body (body) fails with when a wait is too long. */
  timedOut(wait: FetchWait): Error;
}

type Fetch = typeof globalThis.fetch;

/** Fetches that bound the waits themselves, each with its way to make the bounded variant. */
const nativeTimeouts = new WeakMap<Fetch, (timeouts: FetchTimeouts) => Fetch>();

/** For createDispatchFetch: `fetch` can apply timeouts itself, through `variant`. */
export function registerNativeTimeouts(fetch: Fetch, variant: (timeouts: FetchTimeouts) => Fetch): void {
  nativeTimeouts.set(fetch, variant);
}

/** `fetch` with both waits bounded: natively when `fetch` can, else by boundedFetch. */
export function fetchWithTimeouts(fetch: Fetch, timeouts: FetchTimeouts): Fetch {
  return nativeTimeouts.get(fetch)?.(timeouts) ?? boundedFetch(fetch, timeouts);
}

/** A body that fails with `timedOut("body")` when the next bytes take longer than `bodyIdleMs` to come. */
function withIdleTimeout(body: ReadableStream<Uint8Array>, timeouts: FetchTimeouts, abort: AbortController) {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(() => abort.abort(timeouts.timedOut("body")), timeouts.bodyIdleMs);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(abort.signal.aborted ? abort.signal.reason : error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Pull only when the reader asks, so a reader busy elsewhere never counts as a silent server.
    { highWaterMark: 0 },
  );
}

/** Any fetch, with the waits bounded around it (the generic path; see the top of this file). */
export function boundedFetch(fetch: Fetch, timeouts: FetchTimeouts): Fetch {
  return async (input, init) => {
    const abort = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, abort.signal]) : abort.signal;
    const headersTimer = setTimeout(() => abort.abort(timeouts.timedOut("headers")), timeouts.headersMs);
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } catch (error) {
      if (abort.signal.aborted) throw abort.signal.reason;
      throw error;
    } finally {
      clearTimeout(headersTimer);
    }
    if (!response.body) return response;
    return new Response(withIdleTimeout(response.body, timeouts, abort), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
