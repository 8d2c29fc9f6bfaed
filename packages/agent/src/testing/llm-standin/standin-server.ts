import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { flatHeaders, type RecordedRequest, recordRequest } from "./recorded-request.ts";
import { refuse, respond } from "./respond.ts";
import { basePaths, routeOf } from "./routes.ts";
import type { LlmTurn, StandinProvider } from "./turns.ts";

/**
 * Benchmarks use `{ defaultTurn: { type: "text", text: "ok" }, record: false }`: every request is answered at
 * once, in one write, and nothing accumulates.
 */
export interface LlmStandinOptions {
  /**
   * The answer to a request when no queued turn fits it. Without one, such a request gets the vendor's 400
   * saying nothing was queued (not retried by clients, so a test fails at once and says why).
   */
  defaultTurn?: LlmTurn;
  /** Keep a record of each request (default true). Benchmarks turn it off so memory stays flat. */
  record?: boolean;
}

/**
 * A local server that speaks OpenAI (Responses and Chat Completions), Anthropic Messages and Gemini exactly as
 * the vendors do, answering each request with the next scripted turn.
 *
 * @example
 * await using llm = await startLlmStandin();
 * llm.enqueue({ type: "tool-calls", calls: [{ name: "files_read", input: { path: "a.txt" } }] },
 *             { type: "text", text: ["Done", "."] });
 * const models = createModelResolver({ keys, baseUrls: llm.baseUrls });
 * // … run the agent …
 * expect(llm.requests[1]?.toolResults[0]?.outputText).toContain("contents of a.txt");
 */
export interface LlmStandin {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The base URL to configure for each provider (keys are the protocol's provider names). */
  readonly baseUrls: Readonly<Record<StandinProvider, string>>;
  /** Adds turns to the end of the queue; each request takes the first turn that fits its provider. */
  enqueue(...turns: LlmTurn[]): void;
  /** Turns still queued. */
  pending(): number;
  /** Every request received so far, in order (empty when recording is off). */
  readonly requests: readonly RecordedRequest[];
  /** Requests received so far, recorded or not. */
  requestCount(): number;
  /** Forgets queued turns and recorded requests. */
  reset(): void;
  /** Stops listening and cuts every open connection (stalled streams included). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function notFound(response: ServerResponse, method: string, path: string) {
  response.writeHead(404, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify({ error: { message: `llm stand-in: no route for ${method} ${path}` } }));
}

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startLlmStandin(options: LlmStandinOptions = {}): Promise<LlmStandin> {
  const record = options.record ?? true;
  const queue: LlmTurn[] = [];
  const requests: RecordedRequest[] = [];
  let requestCount = 0;
  const closing = new AbortController();

  function takeTurn(provider: StandinProvider): LlmTurn | undefined {
    const index = queue.findIndex((turn) => turn.for === undefined || turn.for === provider);
    if (index === -1) return options.defaultTurn;
    return queue.splice(index, 1)[0];
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    const text = await readBody(request);
    const body = parseObject(text);
    const route = method === "POST" ? routeOf(url, body ?? {}) : undefined;
    if (!route) return notFound(response, method, url.pathname);

    requestCount += 1;
    const headers = flatHeaders(request.headers);
    const apiKey = route.format.apiKeyOf(headers, url);
    const gone = new AbortController();
    response.on("close", () => gone.abort());
    const context = {
      route,
      request: body ?? {},
      requestBytes: text.length,
      apiKey,
      signal: AbortSignal.any([closing.signal, gone.signal]),
    };
    if (!body) return refuse(response, "llm stand-in: the request body is not a JSON object", context);

    const turn = takeTurn(route.provider);
    if (record) requests.push(recordRequest({ method, url, headers, body, receivedAt }, route, turn));
    if (!turn) {
      return refuse(response, `llm stand-in: no turn queued for this ${route.provider} request`, context);
    }
    await respond(response, turn, context);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`llm stand-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrls = Object.fromEntries(
    Object.entries(basePaths).map(([provider, path]) => [provider, `${origin}${path}`]),
  ) as Record<StandinProvider, string>;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    origin,
    baseUrls,
    enqueue: (...turns) => {
      queue.push(...turns);
    },
    pending: () => queue.length,
    get requests() {
      return requests;
    },
    requestCount: () => requestCount,
    reset() {
      queue.length = 0;
      requests.length = 0;
      requestCount = 0;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
