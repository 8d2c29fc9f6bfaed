import { connect } from "node:net";
import tls, { connect as tlsConnect } from "node:tls";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveInventory } from "../resolve-inventory.ts";
import { createConnectionLedger } from "./connection-ledger.ts";
import { createEgressGuard } from "./egress-guard.ts";
import type { UnguardedSocket } from "./socket-watch.ts";
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
