import { type AddressInfo, connect, createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import tls, { connect as tlsConnect } from "node:tls";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveInventory } from "../resolve-inventory.ts";
import { createConnectionLedger } from "./connection-ledger.ts";
import { createEgressGuard } from "./egress-guard.ts";
import { type UnguardedSocket, watchUnguardedSockets } from "./socket-watch.ts";

async function waitUntil(done: () => boolean): Promise<void> {
  for (let tries = 0; !done() && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
}

import {
  createTestCertificate,
  startHttpServer,
  startHttpsServer,
  type TestCertificate,
  type TestServer,
} from "./testing/test-servers.ts";

let certificate: TestCertificate;
let httpServer: TestServer;
let httpsServer: TestServer;

beforeAll(async () => {
  certificate = createTestCertificate();
  httpServer = await startHttpServer();
  httpsServer = await startHttpsServer(certificate);
});

afterAll(async () => {
  await httpServer.close();
  await httpsServer.close();
});

function watchedGuard() {
  const guard = createEgressGuard({
    inventory: resolveInventory({
      mcpServers: [
        { name: "local", url: `http://127.0.0.1:${httpServer.port}` },
        { name: "local-tls", url: `https://localhost:${httpsServer.port}` },
      ],
    }),
    conditions: () => ({ active: true }),
    ledger: createConnectionLedger(),
    ca: certificate.cert,
  });
  const seen: UnguardedSocket[] = [];
  const stop = guard.watchSockets({ onUnguarded: (socket) => seen.push(socket) });
  return { guard, seen, stop };
}

/** This machine's first non-internal IPv4 address: local, but not loopback. */
const outwardAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === "IPv4" && !address.internal)?.address;

/** A TCP server on every interface that records what it receives. */
async function startRecordingServer(): Promise<{ server: Server; port: number; received: () => string }> {
  let received = "";
  const server = createServer((socket) => {
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return { server, port: (server.address() as AddressInfo).port, received: () => received };
}

describe("the unguarded-socket watcher", () => {
  it("destroys a raw net.connect made around the guard", async () => {
    const { guard, seen, stop } = watchedGuard();
    try {
      const socket = connect(httpServer.port, "127.0.0.1");
      const error = await new Promise<Error & { code?: string }>((resolve) => socket.on("error", resolve));

      expect(error.code).toBe("EGRESS_BLOCKED");
      expect(error.message).toContain("outside the egress guard");
      expect(seen).toEqual([{ channel: "net.client.socket", target: undefined }]);
    } finally {
      stop();
      await guard.close();
    }
  });

  it("destroys a TLS connection of an undici Agent that is not the guard's", async () => {
    const { guard, seen, stop } = watchedGuard();
    const rogue = new Agent({ connect: { ca: certificate.cert } });
    try {
      await expect(
        request(`https://localhost:${httpsServer.port}/`, { dispatcher: rogue }),
      ).rejects.toThrow();

      // Reported by whichever check sees it first: the tls.connect wrapper (before undici's channel fires).
      expect(seen.map((each) => each.target)).toContain(`localhost:${httpsServer.port}`);
      expect(seen.every((each) => each.channel !== "net.client.socket")).toBe(true);
    } finally {
      stop();
      await rogue.close();
      await guard.close();
    }
  });

  it("destroys a direct tls.connect made around the guard (as ws does for wss:// without an agent)", async () => {
    const { guard, seen, stop } = watchedGuard();
    try {
      // The ES-module binding, as an importing library would hold it, sees the watcher too.
      const socket = tlsConnect({ host: "localhost", port: httpsServer.port, ca: certificate.cert });
      const error = await new Promise<Error & { code?: string }>((resolve) => socket.on("error", resolve));

      expect(error.code).toBe("EGRESS_BLOCKED");
      expect(seen).toContainEqual({ channel: "tls.connect", target: `localhost:${httpsServer.port}` });
    } finally {
      stop();
      await guard.close();
    }
  });

  it("puts tls.connect back when the last watcher stops", async () => {
    const original = tls.connect;
    const first = watchedGuard();
    const second = watchedGuard();
    expect(tls.connect).not.toBe(original);
    first.stop();
    expect(tls.connect).not.toBe(original);
    second.stop();
    expect(tls.connect).toBe(original);
    await first.guard.close();
    await second.guard.close();
  });

  it("with allowLoopback (the CLI's), lets loopback through and refuses any other address before sending", async () => {
    const recording = await startRecordingServer();
    const seen: UnguardedSocket[] = [];
    const stop = watchUnguardedSockets({ allowLoopback: true, onUnguarded: (socket) => seen.push(socket) });
    try {
      const local = connect(recording.port, "127.0.0.1");
      local.write("to loopback");
      await new Promise((resolve) => local.once("connect", resolve));
      await waitUntil(() => recording.received().includes("to loopback"));
      local.destroy();
      expect(seen).toEqual([]);

      if (outwardAddress !== undefined) {
        const outward = connect(recording.port, outwardAddress);
        outward.write("must not arrive");
        const error = await new Promise<Error & { code?: string }>((resolve) => outward.on("error", resolve));
        expect(error.code).toBe("EGRESS_BLOCKED");
        expect(seen).toEqual([
          { channel: "net.client.socket", target: `${outwardAddress}:${recording.port}` },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(recording.received()).not.toContain("must not arrive");
      }
    } finally {
      stop();
      recording.server.close();
    }
  });

  it("lets the guard's own connections through", async () => {
    const { guard, seen, stop } = watchedGuard();
    try {
      const response = await request(`http://127.0.0.1:${httpServer.port}/`, {
        dispatcher: guard.dispatcher,
      });

      expect(await response.body.text()).toBe("hello ");
      const overTls = await request(`https://localhost:${httpsServer.port}/`, {
        dispatcher: guard.dispatcher,
      });
      expect(overTls.statusCode).toBe(200);
      await overTls.body.dump();
      expect(seen).toEqual([]);
    } finally {
      stop();
      await guard.close();
    }
  });
});
