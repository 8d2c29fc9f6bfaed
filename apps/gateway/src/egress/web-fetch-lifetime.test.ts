import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { createBuiltinTools, type Tool } from "@multiclaw/agent";
import { type ConnectionRecord, EgressBlockedError } from "@multiclaw/egress/node";
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dispatcherFetch } from "../cloud-link/node-transport.ts";
import { createBlockedRows } from "./blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "./gateway-egress.ts";

/*
 * Network contract, statement 4, for the row the gateway has whose lifetime is an operation: web-fetch may
 * connect only while a web.fetch call runs for that page. A connection it opened must not outlive the call —
 * undici keeps connections alive for the next request, and this server asks for a minute — and once the call
 * is over the row refuses new connections. (The progress row, the statement's own subject, belongs to a feature
 * not built yet; the rule is the same.)
 */

let server: Server;
let origin: string;
let port: number;
/** Every connection the server accepted, with when it closed (performance.now()). */
const accepted: { socket: Socket; closedAt?: number }[] = [];
const egresses: GatewayEgress[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/hop") {
      response.writeHead(302, { location: "/page" });
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("the page");
  });
  // Far longer than the one second the contract allows: a connection closed sooner was closed by the gateway.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket: Socket) => {
    const entry: { socket: Socket; closedAt?: number } = { socket };
    accepted.push(entry);
    socket.once("close", () => {
      entry.closedAt = performance.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterEach(async () => {
  await Promise.all(egresses.splice(0).map((egress) => egress.guard.close()));
  server.closeIdleConnections();
  accepted.length = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * The gateway's egress with web-fetch allowed to reach the loopback test server (the row itself may reach public
 * HTTPS hosts only). `beforeNextDecision(hook)` runs the hook once, as the guard's next decision reads the rows,
 * before it connects.
 */
function webFetchEgress() {
  const values = new Map<string, unknown>();
  let onDecide: (() => void) | undefined;
  const egress = createGatewayEgress({
    state: {
      cloudUrl: () => {
        const hook = onDecide;
        onDecide = undefined;
        hook?.();
        return undefined;
      },
      configuredProviders: () => new Map(),
      mcpServers: () => [],
    },
    blocked: createBlockedRows({
      get: (key) => values.get(key),
      set: (key, value) => values.set(key, value),
    }),
    webFetchEndpoints: [{ scheme: "http:", host: "127.0.0.1", port, reach: "loopback" }],
  });
  egresses.push(egress);
  // The gateway's own wiring of web.fetch (agents/agent-tools.ts, gateway.ts).
  const tool = createBuiltinTools({
    workspaceDir: tmpdir(),
    webFetch: {
      fetch: dispatcherFetch(egress.guard.dispatcher) as typeof globalThis.fetch,
      allowWebFetch: (url) => egress.webFetch.open(url),
    },
  }).find((candidate) => candidate.name === "web.fetch") as Tool;
  const webFetchCall = async (url: string) => {
    const parsed = tool.input.parse({ url });
    if (!parsed.ok) throw new Error(parsed.message);
    return tool.execute(parsed.value, {
      signal: new AbortController().signal,
      runId: "run-test",
      agentId: "agent-test",
      toolCallId: "call-test",
    });
  };
  const get = async (path: string) =>
    (await fetch(`${origin}${path}`, { dispatcher: egress.guard.dispatcher })).text();
  const webFetchRecords = (): ConnectionRecord[] =>
    egress.ledger.entries().filter((entry) => entry.rowId === "web-fetch");
  return {
    egress,
    webFetchCall,
    get,
    webFetchRecords,
    beforeNextDecision: (hook: () => void) => {
      onDecide = hook;
    },
  };
}

/** The refusal a request met, found in its cause chain. */
function refusalOf(error: unknown): EgressBlockedError | undefined {
  let current = error as { cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (current instanceof EgressBlockedError) return current;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** Waits until every connection the server accepted is closed; answers how long that took after `since`. */
async function allClosedWithin(since: number): Promise<number> {
  expect(accepted.length).toBeGreaterThan(0);
  await expect
    .poll(() => accepted.every((entry) => entry.closedAt !== undefined), { timeout: 3000 })
    .toBe(true);
  return Math.max(...accepted.map((entry) => (entry.closedAt as number) - since));
}

describe("network contract statement 4, the lifetime rule for operation-scoped rows: web-fetch connections live no longer than the fetch", () => {
  it("keeps the connection alive while the fetch runs and closes it within a second of its end", async () => {
    const { egress, get, webFetchRecords } = webFetchEgress();
    const close = egress.webFetch.open(new URL(`${origin}/page`));
    expect([await get("/page"), await get("/page")]).toEqual(["the page", "the page"]);
    // While the operation runs, its connections stay open after their requests, for the next one to reuse.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((entry) => entry.closedAt !== undefined)).toEqual([]);
    expect(webFetchRecords()).toHaveLength(accepted.length);
    expect(webFetchRecords().filter((record) => record.end !== undefined)).toEqual([]);

    const ended = performance.now();
    close();
    expect(await allClosedWithin(ended)).toBeLessThan(1000);
    await expect.poll(() => webFetchRecords().every((record) => record.end !== undefined)).toBe(true);
    expect(egress.summary().find((row) => row.rowId === "web-fetch")?.openConnections).toBe(0);
  });

  it("closes what a web.fetch call opened within a second of the call's return, and the ledger records it closed", async () => {
    const { webFetchCall, webFetchRecords } = webFetchEgress();
    // A redirect within the host: each hop has its own window, so each closes what it opened.
    const result = await webFetchCall(`${origin}/hop`);
    const returned = performance.now();
    const returnedAt = Date.now();
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.output).toContain("the page");

    expect(await allClosedWithin(returned)).toBeLessThan(1000);
    await expect.poll(() => webFetchRecords().every((record) => record.end !== undefined)).toBe(true);
    const records = webFetchRecords();
    expect(records).toHaveLength(accepted.length);
    for (const record of records) {
      expect(record).toMatchObject({ host: "127.0.0.1", port });
      expect(record.bytesIn).toBeGreaterThan(0);
      expect((record.end as number) - returnedAt).toBeLessThan(1000);
    }
  });

  it("refuses a new connection once the fetch ended, with EGRESS_BLOCKED naming the row", async () => {
    const { egress, webFetchCall, get } = webFetchEgress();
    expect(await webFetchCall(`${origin}/page`)).toMatchObject({ ok: true });
    const before = accepted.length;
    // Time for a kept-alive connection to be back in undici's pool, where a request would reuse it unasked.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const refused = refusalOf(
      await get("/page").then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(refused).toMatchObject({ code: "EGRESS_BLOCKED", rowId: "web-fetch" });
    expect(refused?.message).toContain("(row web-fetch)");
    expect(refused?.reason).toBe("no web fetch of 127.0.0.1 is in progress");
    // Nothing reached the server: no reused connection, no new one.
    expect(accepted).toHaveLength(before);
    expect(egress.ledger.entries().at(-1)).toMatchObject({
      rowId: "web-fetch",
      blockedReason: "no web fetch of 127.0.0.1 is in progress",
    });
  });

  it("cuts a connection that finished opening after its fetch ended", async () => {
    const { egress, get, beforeNextDecision, webFetchRecords } = webFetchEgress();
    const close = egress.webFetch.open(new URL(`${origin}/page`));
    // The fetch ends (its time is up) after the guard allowed the connection, while it is still being opened.
    let ended = 0;
    beforeNextDecision(() =>
      queueMicrotask(() => {
        ended = performance.now();
        close();
      }),
    );
    const refused = refusalOf(
      await get("/page").then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(refused).toMatchObject({ code: "EGRESS_BLOCKED", rowId: "web-fetch" });
    expect(ended).toBeGreaterThan(0);
    expect(await allClosedWithin(ended)).toBeLessThan(1000);
    expect(webFetchRecords()).toHaveLength(1);
    await expect.poll(() => webFetchRecords().every((record) => record.end !== undefined)).toBe(true);
  });
});
