import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatchFetch } from "./dispatch-fetch.ts";
import { type FetchTimeouts, type FetchWait, fetchWithTimeouts } from "./fetch-timeouts.ts";

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** Writes `chunks` one by one, `gapMs` apart, then ends (unless `end` is false). */
function paced(chunks: string[], gapMs: number, end = true): Route {
  return (_request, response) => {
    response.setHeader("content-type", "text/event-stream");
    response.flushHeaders();
    let index = 0;
    const next = () => {
      if (response.destroyed) return;
      if (index === chunks.length) {
        if (end) response.end();
        return;
      }
      response.write(chunks[index++]);
      setTimeout(next, gapMs);
    };
    next();
  };
}

const routes: Record<string, Route> = {
  // Accepts the request and never answers.
  "/no-headers": () => {},
  "/quick": paced(["one\n", "two\n"], 0),
  // One line, then silence.
  "/goes-silent": paced(["first\n"], 0, false),
  // Steady: never silent for long, but slow overall.
  "/steady": paced(["a\n", "b\n", "c\n", "d\n", "e\n", "f\n"], 60),
  // Keeps sending for ~600 ms while the reader below is away.
  "/while-away": paced(
    Array.from({ length: 30 }, (_, index) => `line ${index} ${"x".repeat(2048)}\n`),
    20,
  ),
};

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) =>
    (routes[request.url ?? ""] ?? routes["/quick"])?.(request, response),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

class TimedOut extends Error {
  constructor(readonly wait: FetchWait) {
    super(`the ${wait} wait ran out`);
  }
}

const timeouts: FetchTimeouts = { headersMs: 150, bodyIdleMs: 150, timedOut: (wait) => new TimedOut(wait) };

/** An undici Agent that records the dispatch options of every request sent through it. */
function recordingDispatcher(seen: Dispatcher.DispatchOptions[]): Dispatcher {
  return new Agent().compose((dispatch) => (options, handler) => {
    seen.push(options);
    return dispatch(options, handler);
  });
}

const dispatched: Dispatcher.DispatchOptions[] = [];
const dispatcher = recordingDispatcher(dispatched);
afterAll(() => dispatcher.close());

const paths: [string, () => typeof fetch][] = [
  [
    "undici's own timeouts, on a dispatch fetch",
    () => fetchWithTimeouts(createDispatchFetch({ dispatcher, fallback: fetch }), timeouts),
  ],
  ["the wrapper, on any other fetch", () => fetchWithTimeouts((input, init) => fetch(input, init), timeouts)],
];

describe.each(paths)("bounded waits: %s", (_label, timedFetch) => {
  it("fails with the caller's error when no headers come", async () => {
    const startedAt = performance.now();
    const failure = await timedFetch()(`${origin}/no-headers`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TimedOut);
    expect((failure as TimedOut).wait).toBe("headers");
    expect(performance.now() - startedAt).toBeLessThan(5_000);
  });

  it("fails the body with the caller's error when the server goes silent while it is read", async () => {
    const response = await timedFetch()(`${origin}/goes-silent`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("first\n");
    const failure = await reader.read().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TimedOut);
    expect((failure as TimedOut).wait).toBe("body");
  });

  it("lets a slow answer run past the bound as long as no single wait exceeds it", async () => {
    const response = await timedFetch()(`${origin}/steady`);
    expect(await response.text()).toBe("a\nb\nc\nd\ne\nf\n");
  });

  it("does not count the time the reader is away while the server keeps sending", async () => {
    const response = await timedFetch()(`${origin}/while-away`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await sleep(700);
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain("line 29 ");
  });

  it("still ends with the caller's abort, not a timeout", async () => {
    const abort = new AbortController();
    const pending = timedFetch()(`${origin}/no-headers`, { signal: abort.signal });
    abort.abort(new Error("cancelled by the caller"));
    await expect(pending).rejects.toThrow("cancelled by the caller");
  });
});

describe("fetchWithTimeouts", () => {
  it("puts the bounds on the dispatcher's own request options when the fetch is a dispatch fetch", async () => {
    dispatched.length = 0;
    const timed = fetchWithTimeouts(createDispatchFetch({ dispatcher, fallback: fetch }), timeouts);
    await (await timed(`${origin}/quick`)).text();
    expect(dispatched).toEqual([expect.objectContaining({ headersTimeout: 150, bodyTimeout: 150 })]);
  });

  it("bounds the waits of what a dispatch fetch hands to its fallback as well", async () => {
    const timed = fetchWithTimeouts(createDispatchFetch({ dispatcher, fallback: fetch }), timeouts);
    // A Request object goes to the fallback (dispatch-fetch.ts); the bounds must still hold there.
    const failure = await timed(new Request(`${origin}/no-headers`)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TimedOut);
  });

  it("leaves a plain dispatch fetch without bounds of its own", async () => {
    dispatched.length = 0;
    await (await createDispatchFetch({ dispatcher, fallback: fetch })(`${origin}/quick`)).text();
    expect(dispatched[0]).not.toHaveProperty("headersTimeout");
  });
});
