import { describe, expect, it } from "vitest";
import { resolveInventory } from "../resolve-inventory.ts";
import { decide } from "./decide.ts";

describe("the guard's decision", () => {
  it("lets the web-fetch row reach only the page the user asked for, and only over https", () => {
    const rows = resolveInventory({ webFetch: true });
    const requested = "docs.example.org";
    const conditions = (row: { id: string }, target: { host: string }) =>
      row.id === "web-fetch" && target.host !== requested
        ? { active: false, reason: "the user did not ask for this page" }
        : { active: true };

    expect(decide(rows, conditions, { scheme: "https:", host: requested, port: 443 })).toMatchObject({
      allowed: true,
      row: { id: "web-fetch" },
    });
    const other = decide(rows, conditions, { scheme: "https:", host: "tracker.example.com", port: 443 });
    expect(other.allowed ? undefined : other.error.message).toContain("the user did not ask for this page");
    const plain = decide(rows, conditions, { scheme: "http:", host: requested, port: 80 });
    expect(plain.allowed ? undefined : plain.error.reason).toContain("refused outside loopback");
  });

  it("refuses an IP literal outside the row's reach, since no DNS lookup will check it", () => {
    const rows = resolveInventory({ mcpServers: [{ name: "lan", url: "https://10.0.0.5:8443" }] });
    const always = () => ({ active: true });

    expect(decide(rows, always, { scheme: "https:", host: "10.0.0.5", port: 8443 }).allowed).toBe(true);
    const rows2 = resolveInventory({ providerBaseUrls: { openai: "https://10.0.0.5:8443" } });
    const refused = decide(rows2, always, { scheme: "https:", host: "10.0.0.5", port: 8443 });
    expect(refused.allowed ? undefined : refused.error).toMatchObject({
      code: "EGRESS_BLOCKED",
      rowId: "llm-openai",
    });
  });

  it("uses the first matching row whose condition holds", () => {
    const rows = resolveInventory({
      cloudApiUrl: "https://cloud.example.com",
      cloudEventsUrl: "wss://cloud.example.com",
    });
    const onlyEvents = (row: { id: string }) =>
      row.id === "cloud-events" ? { active: true } : { active: false, reason: "not signed in" };

    expect(
      decide(rows, onlyEvents, { scheme: "https:", host: "cloud.example.com", port: 443 }),
    ).toMatchObject({
      allowed: true,
      row: { id: "cloud-events" },
    });
    const none = decide(rows, () => ({ active: false }), {
      scheme: "https:",
      host: "cloud.example.com",
      port: 443,
    });
    expect(none.allowed ? undefined : none.error.reason).toBe("condition signed-in does not hold");
  });
});
