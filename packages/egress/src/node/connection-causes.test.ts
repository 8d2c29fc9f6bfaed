import { request as httpRequest } from "node:http";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveInventory } from "../resolve-inventory.ts";
import { createConnectionCauses } from "./connection-causes.ts";
import { createConnectionLedger } from "./connection-ledger.ts";
import { createEgressGuard, type EgressGuard } from "./egress-guard.ts";
import { startHttpServer, type TestServer } from "./testing/test-servers.ts";

let server: TestServer;
const guards: EgressGuard[] = [];

beforeAll(async () => {
  server = await startHttpServer();
});
afterEach(async () => {
  await Promise.all(guards.splice(0).map((guard) => guard.close()));
});
afterAll(async () => {
  await server.close();
});

type Cause = { work: string };

function guarded() {
  const causes = createConnectionCauses<Cause>();
  const ledger = createConnectionLedger();
  const guard = createEgressGuard({
    inventory: resolveInventory({ cloudApiUrl: `http://127.0.0.1:${server.port}` }),
    ledger,
    conditions: (row) => (row.id === "cloud-api" ? { active: true } : { active: false, reason: "off" }),
    causeOf: causes.current,
  });
  guards.push(guard);
  return { causes, ledger, guard };
}

describe("the cause of a connection", () => {
  it("is the cause of the work that opened it, across awaits and timers, through undici", async () => {
    const { causes, ledger, guard } = guarded();
    await causes.within({ work: "sync" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const response = await request(`http://127.0.0.1:${server.port}/`, { dispatcher: guard.dispatcher });
      await response.body.text();
    });
    expect(ledger.entries()).toMatchObject([{ rowId: "cloud-api", cause: { work: "sync" } }]);
  });

  it("goes with a refusal too, and is absent for work that named none", async () => {
    const { causes, ledger, guard } = guarded();
    const refused = causes.within({ work: "preview" }, () =>
      request("http://127.0.0.2:9/", { dispatcher: guard.dispatcher }),
    );
    await expect(refused).rejects.toThrow();
    const response = await request(`http://127.0.0.1:${server.port}/`, { dispatcher: guard.dispatcher });
    await response.body.text();
    const [refusal, plain] = ledger.entries();
    expect(refusal).toMatchObject({ rowId: undefined, cause: { work: "preview" } });
    expect(refusal?.blockedReason).toBeDefined();
    expect(plain?.rowId).toBe("cloud-api");
    expect(plain && "cause" in plain).toBe(false);
  });

  it("is read by Node's guarded agents as well", async () => {
    const { causes, ledger, guard } = guarded();
    await causes.within(
      { work: "events" },
      () =>
        new Promise<void>((resolve, reject) => {
          const outgoing = httpRequest(
            { host: "127.0.0.1", port: server.port, path: "/", agent: guard.httpAgent },
            (incoming) => {
              incoming.resume();
              incoming.on("end", resolve);
            },
          );
          outgoing.on("error", reject);
          outgoing.end();
        }),
    );
    expect(ledger.entries()).toMatchObject([{ rowId: "cloud-api", cause: { work: "events" } }]);
  });
});
