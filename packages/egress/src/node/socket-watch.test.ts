import { connect } from "node:net";
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
      mcpServers: [{ name: "local", url: `http://127.0.0.1:${httpServer.port}` }],
    }),
    conditions: () => ({ active: true }),
    ledger: createConnectionLedger(),
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

      expect(seen).toContainEqual({
        channel: "undici:client:connected",
        target: `localhost:${httpsServer.port}`,
      });
    } finally {
      stop();
      await rogue.close();
      await guard.close();
    }
  });

  it("lets the guard's own connections through", async () => {
    const { guard, seen, stop } = watchedGuard();
    try {
      const response = await request(`http://127.0.0.1:${httpServer.port}/`, {
        dispatcher: guard.dispatcher,
      });

      expect(await response.body.text()).toBe("hello ");
      expect(seen).toEqual([]);
    } finally {
      stop();
      await guard.close();
    }
  });
});
