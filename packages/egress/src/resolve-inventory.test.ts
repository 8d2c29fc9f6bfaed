import { describe, expect, it } from "vitest";
import { rowTemplates } from "./inventory.ts";
import { EgressConfigError, endpointMatches, resolveInventory } from "./resolve-inventory.ts";

describe("the connection inventory", () => {
  it("declares every published row and no telemetry row", () => {
    expect(rowTemplates.map((row) => row.id)).toEqual([
      "cloud-api",
      "cloud-events",
      "updates",
      "turn",
      "llm-openai",
      "llm-anthropic",
      "llm-gemini",
      "llm-openai-compatible",
      "progress",
      "link-preview",
      "favicon",
      "mcp:<name>",
      "web-fetch",
    ]);
    const text = JSON.stringify(rowTemplates).toLowerCase();
    for (const word of ["telemetry", "analytics", "crash"]) expect(text).not.toContain(word);
  });

  it("resolves the published default hosts over https/wss on port 443", () => {
    const hosts = Object.fromEntries(
      resolveInventory().map((row) => [row.id, row.endpoints.map((e) => `${e.scheme}//${e.host}:${e.port}`)]),
    );

    expect(hosts).toEqual({
      "cloud-api": ["https://api.multiclaw.io:443"],
      "cloud-events": ["https://ws.multiclaw.io:443"],
      updates: ["https://cdn.multiclaw.io:443"],
      turn: ["https://turn.multiclaw.io:443"],
      "llm-openai": ["https://api.openai.com:443"],
      "llm-anthropic": ["https://api.anthropic.com:443"],
      "llm-gemini": ["https://generativelanguage.googleapis.com:443"],
      "llm-openai-compatible": [],
      progress: ["https://*.pusher.com:443"],
      "link-preview": ["https://api.microlink.io:443"],
      favicon: ["https://www.google.com:443"],
    });
  });

  it("gives the OpenAI-compatible row the key's base URL, on loopback or the local network", () => {
    const endpointsFor = (url: string) =>
      resolveInventory({ providerBaseUrls: { "openai-compatible": url } }).find(
        (row) => row.id === "llm-openai-compatible",
      )?.endpoints;

    expect(endpointsFor("http://127.0.0.1:11434/v1")).toEqual([
      { scheme: "http:", host: "127.0.0.1", port: 11434, reach: "loopback" },
    ]);
    expect(endpointsFor("https://llm.office.lan/v1")).toEqual([
      { scheme: "https:", host: "llm.office.lan", port: 443, reach: "private" },
    ]);
    expect(() => endpointsFor("http://llm.office.lan/v1")).toThrow(/loopback only/);
  });

  it("takes hosts from configuration: an embedded Cloud on loopback, one row per MCP server", () => {
    const rows = resolveInventory({
      cloudApiUrl: "http://127.0.0.1:8080",
      mcpServers: [
        { name: "files", url: "http://localhost:9000/mcp" },
        { name: "lan", url: "https://mcp.office.lan" },
      ],
    });
    const byId = new Map(rows.map((row) => [row.id, row]));

    expect(byId.get("cloud-api")?.endpoints).toEqual([
      { scheme: "http:", host: "127.0.0.1", port: 8080, reach: "loopback" },
    ]);
    expect(byId.get("cloud-events")?.endpoints[0]).toMatchObject({
      scheme: "http:",
      port: 8080,
      reach: "loopback",
    });
    expect(byId.get("mcp:files")).toMatchObject({
      condition: "mcp-enabled:files",
      endpoints: [{ reach: "loopback" }],
    });
    expect(byId.get("mcp:lan")?.endpoints).toEqual([
      { scheme: "https:", host: "mcp.office.lan", port: 443, reach: "private" },
    ]);
    expect(byId.has("web-fetch")).toBe(false);
  });

  it("refuses configurations the contract forbids", () => {
    expect(() => resolveInventory({ providerBaseUrls: { openai: "http://api.openai.com" } })).toThrow(
      EgressConfigError,
    );
    expect(() => resolveInventory({ updatesUrl: "ftp://cdn.multiclaw.io" })).toThrow(/unsupported scheme/);
  });

  it("lets a vendor row be configured to loopback (self-hosted or a local stand-in), and only to loopback", () => {
    const row = resolveInventory({ providerBaseUrls: { openai: "https://127.0.0.1:8443" } }).find(
      (candidate) => candidate.id === "llm-openai",
    );
    expect(row?.endpoints).toEqual([
      expect.objectContaining({ host: "127.0.0.1", port: 8443, reach: "loopback" }),
    ]);
    const named = resolveInventory().find((candidate) => candidate.id === "llm-openai");
    expect(named?.endpoints.every((endpoint) => endpoint.reach === "public")).toBe(true);
  });

  it("matches a wildcard host to subdomains only, and checks scheme and port", () => {
    const [endpoint] = resolveInventory().find((row) => row.id === "progress")?.endpoints ?? [];
    if (!endpoint) throw new Error("progress has no endpoint");

    expect(endpointMatches(endpoint, { scheme: "https:", host: "ws-eu.pusher.com", port: 443 })).toBe(true);
    expect(endpointMatches(endpoint, { scheme: "https:", host: "pusher.com.evil.io", port: 443 })).toBe(
      false,
    );
    expect(endpointMatches(endpoint, { scheme: "https:", host: "ws-eu.pusher.com", port: 8443 })).toBe(false);
    expect(endpointMatches(endpoint, { scheme: "http:", host: "ws-eu.pusher.com", port: 443 })).toBe(false);
  });
});
