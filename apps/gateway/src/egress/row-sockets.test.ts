import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ProviderName } from "@multiclaw/egress";
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { agentWebSocket } from "../cloud-link/node-transport.ts";
import { createBlockedRows } from "./blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "./gateway-egress.ts";

/*
 * A block applies at once, also to connections the row already has open: undici keeps connections alive (the
 * Cloud's heartbeats would keep one open forever) and the event socket lives for hours.
 */

let server: Server;
let origin: string;
/** Each request names the socket it came on, so reuse is visible. */
const socketIds = new WeakMap<Socket, number>();
let nextSocketId = 0;
let hold: ((response: ServerResponse) => void) | undefined;
const egresses: GatewayEgress[] = [];
let wss: WebSocketServer;
/** The Anthropic stand-in: another origin, so another row. */
let provider: Server;
let providerOrigin: string;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    if (!socketIds.has(socket)) socketIds.set(socket, ++nextSocketId);
    if (request.url === "/slow" && hold) {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("first part ");
      hold(response);
      return;
    }
    response.end(String(socketIds.get(socket)));
  });
  wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = createServer((_request, response) => response.end("model"));
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  providerOrigin = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterEach(async () => {
  hold = undefined;
  await Promise.all(egresses.splice(0).map((egress) => egress.guard.close()));
});
afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  for (const each of [server, provider]) {
    each.closeAllConnections();
    await new Promise<void>((resolve) => each.close(() => resolve()));
  }
});

/** `beforeNextDecision` runs its hook once, in the guard's next decision, before the guard connects. */
function signedInEgress() {
  const values = new Map<string, unknown>();
  const providers = new Map<ProviderName, string | null>([["anthropic", providerOrigin]]);
  let onDecide: (() => void) | undefined;
  const cloudUrl = () => {
    const hook = onDecide;
    onDecide = undefined;
    hook?.();
    return origin;
  };
  const egress = createGatewayEgress({
    state: { cloudUrl, configuredProviders: () => providers, mcpServers: () => [] },
    blocked: createBlockedRows({
      get: (key) => values.get(key),
      set: (key, value) => values.set(key, value),
    }),
  });
  egresses.push(egress);
  const get = async (path: string) => {
    const response = await fetch(`${origin}${path}`, { dispatcher: egress.guard.dispatcher });
    return response.text();
  };
  const beforeNextDecision = (hook: () => void) => {
    onDecide = hook;
  };
  return { egress, get, beforeNextDecision };
}

function codeOf(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (current.code === "EGRESS_BLOCKED") return "EGRESS_BLOCKED";
    current = current.cause as typeof current;
  }
  return undefined;
}

describe("blocking a row cuts the connections it has open", () => {
  it("refuses the next request at once instead of reusing a kept-alive connection", async () => {
    const { egress, get } = signedInEgress();
    const used = [await get("/v1/one"), await get("/v1/two"), await get("/v1/three")].map(Number);
    const openCount = () => egress.summary().find((row) => row.rowId === "cloud-api")?.openConnections;
    // Kept alive: the sockets stay open after their requests, and later requests reuse them.
    expect(openCount()).toBeGreaterThan(0);
    expect(new Set(used).size).toBeLessThan(used.length);

    egress.blocked.block("cloud-api");
    const refused = await get("/v1/four").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(codeOf(refused)).toBe("EGRESS_BLOCKED");
    expect(String((refused as { cause?: Error }).cause?.message)).toContain(
      "multiclaw connections unblock cloud-api",
    );
    await expect.poll(openCount).toBe(0);

    egress.blocked.unblock("cloud-api");
    // A new connection, not one the block cut.
    expect(Number(await get("/v1/five"))).toBeGreaterThan(Math.max(...used));
  });

  it("fails a request in flight with EGRESS_BLOCKED", async () => {
    const { egress } = signedInEgress();
    const held = new Promise<ServerResponse>((resolve) => {
      hold = resolve;
    });
    const response = await fetch(`${origin}/slow`, { dispatcher: egress.guard.dispatcher });
    const body = response.text();
    const open = await held;
    egress.blocked.block("cloud-api");
    const error = await body.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(codeOf(error)).toBe("EGRESS_BLOCKED");
    open.end();
  });

  it("cuts a connection that finished opening after the block", async () => {
    const { egress, get, beforeNextDecision } = signedInEgress();
    // Blocked just after the guard allowed the connection, while it is still being opened.
    beforeNextDecision(() => queueMicrotask(() => egress.blocked.block("cloud-api")));
    const refused = await get("/v1/config").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(codeOf(refused)).toBe("EGRESS_BLOCKED");
    const summary = () => egress.summary().find((row) => row.rowId === "cloud-api");
    await expect.poll(() => summary()?.openConnections).toBe(0);
    expect(summary()).toMatchObject({ state: "blocked", connections: 1 });
  });

  it("leaves the connections of other rows alone", async () => {
    const { egress, get } = signedInEgress();
    const cloudSockets = new Set([await get("/v1/config"), await get("/v1/config"), await get("/v1/config")]);
    const viaGuard = (url: string) => fetch(url, { dispatcher: egress.guard.dispatcher });
    expect(await (await viaGuard(`${providerOrigin}/v1/messages`)).text()).toBe("model");

    egress.blocked.block("llm-anthropic");
    // The Cloud's kept-alive connection is still the same socket; the provider's is refused.
    expect(cloudSockets).toContain(await get("/v1/config"));
    const refused = await viaGuard(`${providerOrigin}/v1/messages`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(codeOf(refused)).toBe("EGRESS_BLOCKED");
  });

  it("closes the open event socket when cloud-events is blocked", async () => {
    const { egress } = signedInEgress();
    const socket = agentWebSocket(egress.guard.agentsFor("cloud-events"))(
      `${origin.replace("http", "ws")}/v1/events`,
    ) as WebSocket;
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    egress.blocked.block("cloud-events");
    expect(await closed).toBe(1006);
    const summary = egress.summary().find((row) => row.rowId === "cloud-events");
    expect(summary).toMatchObject({ state: "blocked", openConnections: 0 });
  });
});
