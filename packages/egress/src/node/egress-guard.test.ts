import { lookup as dnsLookup } from "node:dns";
import { get as httpsGet } from "node:https";
import type { LookupFunction } from "node:net";
import { Client, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConditionName } from "../inventory.ts";
import { type EgressConfig, resolveInventory } from "../resolve-inventory.ts";
import { createConnectionLedger } from "./connection-ledger.ts";
import { createEgressGuard, type EgressGuard } from "./egress-guard.ts";
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
const guards: EgressGuard[] = [];

beforeAll(async () => {
  certificate = createTestCertificate();
  httpServer = await startHttpServer();
  httpsServer = await startHttpsServer(certificate);
});

afterEach(async () => {
  await Promise.all(guards.splice(0).map((guard) => guard.close()));
});

afterAll(async () => {
  await httpServer.close();
  await httpsServer.close();
});

/** Refusal reasons, as the gateway would phrase them, for conditions the test leaves inactive. */
const reasons: Partial<Record<ConditionName, string>> = {
  "key-configured:openai": "no key configured for openai",
  "mcp-enabled:files": "MCP server files is disabled",
};

/** A lookup that answers every name with fixed addresses and counts its calls. */
function fixedLookup(...addresses: string[]) {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push(hostname);
    const all = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    if (options.all) callback(null, all);
    else callback(null, all[0]?.address ?? "", all[0]?.family);
  };
  return { lookup, calls };
}

function guardFor(
  config: EgressConfig,
  active: readonly ConditionName[],
  extra: { lookup?: LookupFunction; ca?: string } = {},
) {
  const ledger = createConnectionLedger();
  const inventory = resolveInventory(config);
  const guard = createEgressGuard({
    inventory,
    ledger,
    conditions: (row) =>
      active.includes(row.condition)
        ? { active: true }
        : { active: false, reason: reasons[row.condition] ?? `${row.condition} is not met` },
    ...extra,
  });
  guards.push(guard);
  return { guard, ledger, inventory };
}

/** The error a promise rejects with, unwrapping fetch's `TypeError: fetch failed`. */
async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string; rowId?: string }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as Error & { cause?: unknown; code?: string };
    return (failure.code === undefined && failure.cause ? failure.cause : failure) as Error & {
      code?: string;
    };
  }
  throw new Error("expected the request to fail");
}

describe("the egress guard (undici dispatcher)", () => {
  it("refuses a host that is not in the connection inventory, without connecting", async () => {
    const { guard, ledger } = guardFor({}, ["signed-in", "gateway-running"]);
    const before = httpServer.connections();

    const failure = await failureOf(
      request(`http://127.0.0.1:${httpServer.port}/`, { dispatcher: guard.dispatcher }),
    );

    expect(failure.code).toBe("EGRESS_BLOCKED");
    expect(failure.message).toContain("not in the connection inventory");
    expect(httpServer.connections()).toBe(before);
    expect(ledger.entries()).toMatchObject([
      { rowId: undefined, blockedReason: "not in the connection inventory" },
    ]);
  });

  it("refuses a provider without a key with that reason, before any DNS lookup or socket", async () => {
    const dns = fixedLookup("127.0.0.1");
    const config = { providerBaseUrls: { openai: `https://api.openai.com:${httpsServer.port}` } };
    const { guard } = guardFor(config, ["signed-in"], { lookup: dns.lookup });
    const before = httpsServer.connections();

    const failure = await failureOf(
      request(`https://api.openai.com:${httpsServer.port}/v1/models`, { dispatcher: guard.dispatcher }),
    );

    expect(failure).toMatchObject({ code: "EGRESS_BLOCKED", rowId: "llm-openai" });
    expect(failure.message).toContain("no key configured for openai");
    expect(dns.calls).toEqual([]);
    expect(httpsServer.connections()).toBe(before);
  });

  it("refuses a disabled MCP server on loopback, and the server sees no connection", async () => {
    const { guard } = guardFor(
      { mcpServers: [{ name: "files", url: `http://127.0.0.1:${httpServer.port}` }] },
      [],
    );
    const before = httpServer.connections();

    const failure = await failureOf(
      request(`http://127.0.0.1:${httpServer.port}/mcp`, { dispatcher: guard.dispatcher }),
    );

    expect(failure).toMatchObject({ code: "EGRESS_BLOCKED", rowId: "mcp:files" });
    expect(failure.message).toContain("MCP server files is disabled");
    expect(httpServer.connections()).toBe(before);
  });

  it("connects an active loopback row and records row, host, port, bytes both ways, start and end", async () => {
    const dns = fixedLookup("127.0.0.1");
    const { guard, ledger, inventory } = guardFor(
      { cloudApiUrl: `https://localhost:${httpsServer.port}` },
      ["signed-in"],
      {
        lookup: dns.lookup,
        ca: certificate.cert,
      },
    );

    const response = await request(`https://localhost:${httpsServer.port}/sync`, {
      method: "POST",
      body: "ping",
      dispatcher: guard.dispatcher,
    });

    expect(await response.body.text()).toBe("hello ping");
    expect(dns.calls).toEqual(["localhost"]);
    expect(ledger.summary(inventory).find((row) => row.rowId === "cloud-api")?.state).toBe("active");
    await guard.close();
    const [record] = ledger.entries();
    expect(record).toMatchObject({ rowId: "cloud-api", host: "localhost", port: httpsServer.port });
    expect(record?.bytesIn).toBeGreaterThan(0);
    expect(record?.bytesOut).toBeGreaterThan(0);
    expect(record?.end).toBeGreaterThanOrEqual(record?.start ?? Number.POSITIVE_INFINITY);
    expect(ledger.summary(inventory).find((row) => row.rowId === "cloud-api")).toMatchObject({
      state: "idle",
      bytesIn: record?.bytesIn,
      bytesOut: record?.bytesOut,
    });
  });

  it("counts a kept-alive connection's bytes while it stays open, and once when it closes", async () => {
    const { guard, ledger, inventory } = guardFor(
      { cloudApiUrl: `https://localhost:${httpsServer.port}` },
      ["signed-in"],
      { lookup: fixedLookup("127.0.0.1").lookup, ca: certificate.cert },
    );
    // One undici Client: one socket, kept alive between the requests (a pool may open a second).
    const client = new Client(`https://localhost:${httpsServer.port}`, { connect: guard.connect });
    const post = async (body: string) => {
      const response = await client.request({ path: "/sync", method: "POST", body });
      return response.body.text();
    };
    const row = () => ledger.summary(inventory).find((summary) => summary.rowId === "cloud-api");

    expect(await post("one")).toBe("hello one");
    const first = ledger.entries();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ end: undefined });
    expect(first[0]?.bytesIn).toBeGreaterThan(0);
    expect(row()).toMatchObject({ openConnections: 1, bytesIn: first[0]?.bytesIn });

    expect(await post("two")).toBe("hello two");
    const [second] = ledger.entries();
    // The same socket, still open, with the second exchange counted.
    expect(ledger.entries()).toHaveLength(1);
    expect(second?.end).toBeUndefined();
    expect(second?.bytesIn).toBeGreaterThan(first[0]?.bytesIn ?? Number.POSITIVE_INFINITY);
    expect(second?.bytesOut).toBeGreaterThan(first[0]?.bytesOut ?? Number.POSITIVE_INFINITY);

    await client.close();
    await expect.poll(() => row()?.openConnections).toBe(0);
    const [closed] = ledger.entries();
    expect(closed?.bytesIn).toBeGreaterThanOrEqual(second?.bytesIn ?? Number.POSITIVE_INFINITY);
    expect(row()).toMatchObject({ bytesIn: closed?.bytesIn, bytesOut: closed?.bytesOut });
  });

  it("refuses plain http: to a host outside loopback", async () => {
    const dns = fixedLookup("127.0.0.1");
    const { guard } = guardFor({}, ["signed-in"], { lookup: dns.lookup });

    const failure = await failureOf(request("http://api.multiclaw.io/", { dispatcher: guard.dispatcher }));

    expect(failure.code).toBe("EGRESS_BLOCKED");
    expect(failure.message).toContain("refused outside loopback");
    expect(dns.calls).toEqual([]);
  });

  it("fails on a certificate it cannot verify, even with NODE_TLS_REJECT_UNAUTHORIZED=0", async () => {
    const { guard } = guardFor({ cloudApiUrl: `https://127.0.0.1:${httpsServer.port}` }, ["signed-in"]);
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const failure = await failureOf(
        request(`https://127.0.0.1:${httpsServer.port}/`, { dispatcher: guard.dispatcher }),
      );
      expect(failure.code).toMatch(/SELF_SIGNED/);
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
  });

  it.each(["127.0.0.1", "10.0.0.7", "169.254.169.254"])(
    "refuses a public-only row whose name resolves to %s (DNS rebinding)",
    async (address) => {
      const dns = fixedLookup(address);
      const config = { providerBaseUrls: { anthropic: `https://api.anthropic.com:${httpsServer.port}` } };
      const { guard } = guardFor(config, ["key-configured:anthropic"], {
        lookup: dns.lookup,
        ca: certificate.cert,
      });
      const before = httpsServer.connections();

      const failure = await failureOf(
        request(`https://api.anthropic.com:${httpsServer.port}/v1/messages`, {
          dispatcher: guard.dispatcher,
        }),
      );

      expect(failure).toMatchObject({ code: "EGRESS_BLOCKED", rowId: "llm-anthropic" });
      expect(failure.message).toContain(`resolved to ${address}`);
      expect(dns.calls).toEqual(["api.anthropic.com"]);
      expect(httpsServer.connections()).toBe(before);
    },
  );

  it("routes the global fetch through the guard after install(), and restores the previous dispatcher", async () => {
    const { guard, ledger } = guardFor(
      { mcpServers: [{ name: "local", url: `http://127.0.0.1:${httpServer.port}` }] },
      ["mcp-enabled:local"],
    );
    const restore = guard.install();
    try {
      const refused = await failureOf(fetch(`http://localhost:${httpServer.port}/`));
      expect(refused.code).toBe("EGRESS_BLOCKED");
      expect(refused.message).toContain("not in the connection inventory");

      const allowed = await fetch(`http://127.0.0.1:${httpServer.port}/`, { method: "POST", body: "global" });
      expect(await allowed.text()).toBe("hello global");
      expect(ledger.entries().map((record) => record.rowId)).toEqual([undefined, "mcp:local"]);
    } finally {
      restore();
    }
    const after = await fetch(`http://localhost:${httpServer.port}/`);
    expect(await after.text()).toBe("hello ");
  });
});

describe("the egress guard (Node https/http agents)", () => {
  it("refuses a request that turns certificate verification off", async () => {
    const { guard } = guardFor({ cloudApiUrl: `https://127.0.0.1:${httpsServer.port}` }, ["signed-in"]);
    const before = httpsServer.connections();

    const failure = await new Promise<Error & { code?: string }>((resolve, reject) => {
      const outgoing = httpsGet(
        { host: "127.0.0.1", port: httpsServer.port, agent: guard.httpsAgent, rejectUnauthorized: false },
        () => reject(new Error("expected a refusal")),
      );
      outgoing.on("error", resolve);
    });

    expect(failure.code).toBe("EGRESS_BLOCKED");
    expect(failure.message).toContain("certificate verification may not be turned off");
    expect(httpsServer.connections()).toBe(before);
  });

  it("connects an allowed row through the https agent with the guard's trust, and records it", async () => {
    const { guard, ledger } = guardFor(
      { cloudApiUrl: `https://localhost:${httpsServer.port}` },
      ["signed-in"],
      {
        lookup: dnsLookup as LookupFunction,
        ca: certificate.cert,
      },
    );

    const body = await new Promise<string>((resolve, reject) => {
      httpsGet({ host: "localhost", port: httpsServer.port, agent: guard.httpsAgent }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve(text));
      }).on("error", reject);
    });

    expect(body).toBe("hello ");
    expect(ledger.entries()).toMatchObject([
      { rowId: "cloud-api", host: "localhost", port: httpsServer.port },
    ]);
  });
});
