import { Pool } from "undici";

/** A fetch-shaped function over one keep-alive connection, and a way to close that connection. */
export interface KeepAliveFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * The HTTP client the bench drives our gateway's API with: requests to one origin over one keep-alive
 * connection, through undici's request API, answered as a web Response for our gateway client.
 *
 * Why not Node's built-in fetch: on Node 20 it streams every request body through a web stream and an async
 * generator, and costs 0.3–0.5 ms more per request than this once warm, more while cold (client-cost.ts;
 * BENCHMARKS.md, the gateway's method). OpenClaw's turns go through a keep-alive node:http connection;
 * charging ours that extra time would measure the bench's client, not the gateway.
 */
export function keepAliveFetch(origin: string): KeepAliveFetch {
  const pool = new Pool(origin, { connections: 1 });

  async function fetchOverPool(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== origin) throw new Error(`keepAliveFetch serves ${origin}, not ${url.origin}`);
    if (init.body !== undefined && init.body !== null && typeof init.body !== "string") {
      throw new Error("keepAliveFetch sends string bodies only");
    }
    const answer = await pool.request({
      path: `${url.pathname}${url.search}`,
      method: (init.method ?? "GET") as "GET",
      headers: Object.fromEntries(new Headers(init.headers)),
      body: init.body ?? null,
      signal: init.signal ?? null,
    });
    const text = await answer.body.text();
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.push([name, one]);
    }
    const bodiless = answer.statusCode === 204 || answer.statusCode === 304;
    return new Response(bodiless ? null : text, { status: answer.statusCode, headers });
  }

  return { fetch: fetchOverPool as typeof fetch, close: () => pool.close() };
}
