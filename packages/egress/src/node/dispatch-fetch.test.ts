import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatchFetch } from "./dispatch-fetch.ts";

/** Larger than one socket read (64 KiB), with text that shows where bytes went missing or were overwritten. */
const largeBody = Array.from({ length: 20_000 }, (_, line) => `line ${line}\n`).join("");

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes: Record<string, Route> = {
  "/echo": (request, body, response) => {
    response.setHeader("content-type", "application/json");
    response.setHeader("set-cookie", ["a=1", "b=2"]);
    response.end(JSON.stringify({ method: request.method, headers: request.headers, body }));
  },
  "/gzip": (_request, _body, response) => {
    // Compressed although the request asked for identity: some servers do.
    response.setHeader("content-encoding", "gzip");
    response.end(gzipSync("data: compressed anyway\n\n"));
  },
  "/large": (_request, _body, response) => {
    response.end(largeBody);
  },
  "/large-gzip": (_request, _body, response) => {
    response.setHeader("content-encoding", "gzip");
    response.end(gzipSync(largeBody));
  },
  "/empty": (_request, _body, response) => {
    response.statusCode = 204;
    response.end();
  },
  "/slow": (_request, _body, response) => {
    response.write("data: first\n\n");
  },
  "/cut": (request, _body, response) => {
    response.write("data: first\n\n", () => setTimeout(() => request.socket.destroy(), 20));
  },
  "/redirect": (_request, _body, response) => {
    response.statusCode = 307;
    response.setHeader("location", "/echo");
    response.end();
  },
};

let server: Server;
let origin: string;
const dispatcher = new Agent();
const fallbackCalls: unknown[] = [];
const fetch = createDispatchFetch({
  dispatcher,
  fallback: async (input, init) => {
    fallbackCalls.push(input);
    return globalThis.fetch(input, init);
  },
});

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => (routes[request.url ?? ""] ?? routes["/echo"])?.(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dispatcher.close();
});

describe("the short fetch for API calls", () => {
  it("sends method, headers and a string body, and answers like fetch (status, repeated headers, body)", async () => {
    const response = await fetch(`${origin}/echo?x=1`, {
      method: "post",
      headers: new Headers({ "content-type": "application/json", authorization: "Bearer k" }),
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const echoed = (await response.json()) as {
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe('{"hello":"world"}');
    expect(echoed.headers.authorization).toBe("Bearer k");
    expect(echoed.headers["accept-encoding"]).toBe("identity");
    expect(fallbackCalls).toEqual([]);
  });

  it("takes headers as a plain record and bytes as the body", async () => {
    const response = await fetch(new URL(`${origin}/echo`), {
      method: "PUT",
      headers: { "x-one": "1" },
      body: new TextEncoder().encode("bytes"),
    });
    const echoed = (await response.json()) as { headers: Record<string, string>; body: string };
    expect(echoed).toMatchObject({ headers: { "x-one": "1" }, body: "bytes" });
  });

  it("decodes a body the server compressed anyway", async () => {
    const response = await fetch(`${origin}/gzip`);
    expect(await response.text()).toBe("data: compressed anyway\n\n");
  });

  it("keeps every byte of an answer larger than one socket read, plain and compressed", async () => {
    for (const path of ["/large", "/large-gzip"]) {
      const [text, bytes] = await Promise.all([
        fetch(`${origin}${path}`).then((response) => response.text()),
        fetch(`${origin}${path}`).then((response) => response.arrayBuffer()),
      ]);
      expect(text.length, path).toBe(largeBody.length);
      expect(text === largeBody, path).toBe(true);
      expect(Buffer.from(bytes).toString("utf8") === largeBody, path).toBe(true);
    }
  });

  it("gives a null body for a status that has none", async () => {
    const response = await fetch(`${origin}/empty`, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("returns a redirect as it is instead of following it", async () => {
    const response = await fetch(`${origin}/redirect`);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/echo");
  });

  it("fails to connect the way fetch does, so the AI SDK retries it as a network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect(((failure as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason, before the answer and while reading it", async () => {
    const early = new AbortController();
    early.abort(new Error("stopped before"));
    await expect(fetch(`${origin}/echo`, { signal: early.signal })).rejects.toThrow("stopped before");

    const late = new AbortController();
    const response = await fetch(`${origin}/slow`, { signal: late.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    late.abort(new Error("stopped while reading"));
    await expect(reader.read()).rejects.toThrow("stopped while reading");
  });

  it("errors the body as terminated when the connection drops mid-answer", async () => {
    const response = await fetch(`${origin}/cut`);
    const failure = await response.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("terminated");
  });

  it("lets the reader stop the answer (cancel) without an error", async () => {
    const response = await fetch(`${origin}/slow`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await expect(reader.cancel()).resolves.toBeUndefined();
  });

  it("hands what it does not handle to the fallback: a Request, a stream body, a redirect mode", async () => {
    fallbackCalls.length = 0;
    await (await fetch(new Request(`${origin}/echo`))).text();
    await (
      await fetch(`${origin}/echo`, {
        method: "POST",
        body: new Blob(["blob"]),
      })
    ).text();
    await (await fetch(`${origin}/redirect`, { redirect: "manual" })).text();
    expect(fallbackCalls).toHaveLength(3);
  });
});
