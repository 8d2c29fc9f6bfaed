import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProviderName } from "@multiclaw/egress";
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBlockedRows } from "./blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "./gateway-egress.ts";

let server: Server;
let origin: string;
const egresses: GatewayEgress[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => response.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(egresses.splice(0).map((egress) => egress.guard.close()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function memoryState() {
  const values = new Map<string, unknown>();
  return {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => values.set(key, value),
  };
}

/** A gateway signed in to a Cloud on the test server, with mutable keys and MCP servers. */
function gatewayEgress() {
  const providers = new Map<ProviderName, string | null>();
  const mcp: { name: string; url?: string; enabled: boolean }[] = [];
  const state = memoryState();
  const egress = createGatewayEgress({
    state: { cloudUrl: () => origin, configuredProviders: () => providers, mcpServers: () => mcp },
    blocked: createBlockedRows(state),
  });
  egresses.push(egress);
  const get = async (url: string) => {
    const response = await fetch(url, { dispatcher: egress.guard.dispatcher });
    return response.text();
  };
  const refusal = (url: string) =>
    get(url).then(
      () => undefined,
      (error: Error & { cause?: { code?: string; message?: string } }) => error.cause,
    );
  return { egress, providers, mcp, state, get, refusal };
}

describe("the gateway's egress rows and conditions", () => {
  it("lets the Cloud through while signed in and refuses a provider that has no key, naming why", async () => {
    const { egress, providers, get, refusal } = gatewayEgress();
    expect(await get(`${origin}/v1/config`)).toBe("ok");

    // An OpenAI-compatible endpoint on loopback: the row exists only with the key's base URL.
    providers.set("openai-compatible", `${origin.replace("127.0.0.1", "localhost")}/v1`);
    expect(await get(`${origin.replace("127.0.0.1", "localhost")}/v1/models`)).toBe("ok");
    providers.delete("openai-compatible");
    const refused = await refusal(`${origin.replace("127.0.0.1", "localhost")}/v1/models`);
    expect(refused?.code).toBe("EGRESS_BLOCKED");

    const summary = new Map(egress.summary().map((row) => [row.rowId, row]));
    expect(summary.get("cloud-api")?.connections).toBe(1);
    expect(summary.get("llm-openai")?.state).toBe("not-configured");
    // The update check connects only while it runs, but is always there to run: idle, not "not configured".
    expect(summary.get("updates")?.state).toBe("idle");
  });

  it("shows an enabled stdio MCP server's row as idle, and a disabled one as not configured", async () => {
    const { egress, mcp } = gatewayEgress();
    mcp.push({ name: "files", enabled: true }, { name: "notes", enabled: false });
    const summary = new Map(egress.summary().map((row) => [row.rowId, row]));
    expect(summary.get("mcp:files")).toMatchObject({ state: "idle", openConnections: 0 });
    expect(summary.get("mcp:notes")?.state).toBe("not-configured");
  });

  it("names the event socket's row even where it shares the API's origin", async () => {
    const { egress } = gatewayEgress();
    const target = { scheme: "http:", host: "127.0.0.1", port: Number(new URL(origin).port) };
    const general = egress.guard.check(target);
    const events = egress.guard.check({ ...target, row: "cloud-events" });
    expect(general.allowed && general.row.id).toBe("cloud-api");
    expect(events.allowed && events.row.id).toBe("cloud-events");
  });

  it("blocks a row the user blocked, across a restart, and unblocks it", async () => {
    const first = gatewayEgress();
    first.egress.blocked.block("cloud-api");
    const refused = await first.refusal(`${origin}/v1/config`);
    expect(refused?.code).toBe("EGRESS_BLOCKED");
    expect(refused?.message).toContain("multiclaw connections unblock cloud-api");
    expect(first.egress.summary().find((row) => row.rowId === "cloud-api")?.state).toBe("blocked");

    // The block is in the gateway's state, so a new process reads it back.
    const again = createBlockedRows(first.state);
    expect(again.has("cloud-api")).toBe(true);
    first.egress.blocked.unblock("cloud-api");
    expect(await first.get(`${origin}/v1/config`)).toBe("ok");
  });

  it("connects to an MCP server only while it is enabled", async () => {
    const { mcp, get, refusal } = gatewayEgress();
    mcp.push({ name: "files", url: `${origin.replace("127.0.0.1", "localhost")}/mcp`, enabled: false });
    const refused = await refusal(`${origin.replace("127.0.0.1", "localhost")}/mcp`);
    expect(refused?.message).toContain("MCP server files is disabled");
    (mcp[0] as { enabled: boolean }).enabled = true;
    expect(await get(`${origin.replace("127.0.0.1", "localhost")}/mcp`)).toBe("ok");
  });

  it.each(["turn", "progress"])("never opens %s, a connection only the desktop app makes", (rowId) => {
    const { egress } = gatewayEgress();
    const row = egress.rows().find((candidate) => candidate.id === rowId);
    const endpoint = row?.endpoints[0];
    expect(endpoint).toBeDefined();
    const decision = egress.guard.check({
      scheme: endpoint?.scheme ?? "https:",
      host: (endpoint?.host ?? "").replace("*.", "eu."),
      port: endpoint?.port ?? 443,
    });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.error.message).toContain("only the desktop app");
  });

  it.each(["link-preview", "favicon", "updates"])(
    "opens %s only while the gateway fetches for it",
    (rowId) => {
      const { egress } = gatewayEgress();
      const endpoint = egress.rows().find((candidate) => candidate.id === rowId)?.endpoints[0];
      const target = {
        scheme: endpoint?.scheme ?? "https:",
        host: endpoint?.host ?? "",
        port: endpoint?.port ?? 0,
      };
      const refused = egress.guard.check(target);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) expect(refused.error.message).toContain("is being fetched");
      const close = egress.windows.open(rowId);
      expect(egress.guard.check(target).allowed).toBe(true);
      close();
      expect(egress.guard.check(target).allowed).toBe(false);
    },
  );

  it("opens the web-fetch row only for the page being fetched, while it is fetched", () => {
    const { egress } = gatewayEgress();
    const row = egress.rows().find((candidate) => candidate.id === "web-fetch");
    expect(row).toBeDefined();
    const target = { scheme: "https:", host: "example.org", port: 443 };
    expect(egress.guard.check(target).allowed).toBe(false);
    const close = egress.webFetch.open(new URL("https://example.org/page"));
    expect(egress.guard.check(target).allowed).toBe(true);
    expect(egress.guard.check({ ...target, host: "other.example" }).allowed).toBe(false);
    close();
    close();
    expect(egress.guard.check(target).allowed).toBe(false);
  });
});
