import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KeepAliveFetch, keepAliveFetch } from "./keep-alive-fetch.ts";

describe("keepAliveFetch", () => {
  let server: Server;
  let origin: string;
  let client: KeepAliveFetch;
  const sockets = new Set<unknown>();
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    sockets.clear();
    server = createServer((request, response) => {
      sockets.add(request.socket);
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
        if (request.url === "/empty") {
          response.writeHead(204).end();
          return;
        }
        response.setHeader("set-cookie", ["a=1", "b=2"]);
        response.writeHead(201, { "content-type": "application/json" });
        response.end(JSON.stringify({ echoed: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = keepAliveFetch(origin);
  });

  afterEach(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends the method, path, headers and body, and answers with the status, headers and body", async () => {
    const answer = await client.fetch(`${origin}/v1/conversations?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: '{"text":"hi"}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await answer.json()).toEqual({ echoed: '{"text":"hi"}' });
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/v1/conversations?x=1",
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: '{"text":"hi"}',
    });
  });

  it("keeps one connection for many requests, and answers 204 without a body", async () => {
    for (let index = 0; index < 5; index++) await (await client.fetch(`${origin}/x`)).text();
    const empty = await client.fetch(`${origin}/empty`, { method: "DELETE" });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(sockets.size).toBe(1);
  });

  it("refuses another origin and bodies that are not strings", async () => {
    await expect(client.fetch("http://127.0.0.1:1/x")).rejects.toThrow(/serves/);
    await expect(client.fetch(`${origin}/x`, { method: "POST", body: new Uint8Array([1]) })).rejects.toThrow(
      /string bodies/,
    );
  });
});
