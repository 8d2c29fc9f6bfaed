import { describe, expect, it } from "vitest";
import { resolveInventory } from "../resolve-inventory.ts";
import { createConnectionLedger } from "./connection-ledger.ts";

function steppingClock(start = 1000) {
  let now = start;
  return () => {
    now += 10;
    return now;
  };
}

describe("the connection ledger", () => {
  it("keeps only the most recent records, oldest first, once full", () => {
    const ledger = createConnectionLedger({ capacity: 3, clock: steppingClock() });
    for (const port of [1, 2, 3, 4, 5]) {
      ledger
        .open({ rowId: "cloud-api", host: "api.multiclaw.io", port })
        .close({ bytesIn: port, bytesOut: 1 });
    }

    expect(ledger.entries().map((record) => record.port)).toEqual([3, 4, 5]);
  });

  it("keeps per-row totals beyond the history it drops", () => {
    const ledger = createConnectionLedger({ capacity: 2, clock: steppingClock() });
    for (let i = 0; i < 5; i += 1) {
      ledger
        .open({ rowId: "updates", host: "cdn.multiclaw.io", port: 443 })
        .close({ bytesIn: 100, bytesOut: 7 });
    }
    const updates = ledger.summary(resolveInventory()).find((row) => row.rowId === "updates");

    expect(updates).toMatchObject({ connections: 5, bytesIn: 500, bytesOut: 35, state: "idle" });
  });

  it("stamps start and end and counts a connection as active until it closes", () => {
    const ledger = createConnectionLedger({ clock: steppingClock() });
    const rows = resolveInventory();
    const open = ledger.open({ rowId: "progress", host: "ws-mt1.pusher.com", port: 443 });

    expect(ledger.summary(rows).find((row) => row.rowId === "progress")).toMatchObject({
      state: "active",
      openConnections: 1,
      lastUsed: 1010,
    });
    open.close({ bytesIn: 12, bytesOut: 34 });
    open.close({ bytesIn: 99, bytesOut: 99 });

    expect(ledger.entries()).toEqual([
      {
        rowId: "progress",
        host: "ws-mt1.pusher.com",
        port: 443,
        start: 1010,
        end: 1020,
        bytesIn: 12,
        bytesOut: 34,
      },
    ]);
    expect(ledger.summary(rows).find((row) => row.rowId === "progress")?.state).toBe("idle");
  });

  it("shows a row as blocked after a refusal, and as not configured when it has nowhere to go", () => {
    const ledger = createConnectionLedger({ clock: steppingClock() });
    const rows = resolveInventory({ mcpServers: [{ name: "stdio-tool" }] });
    ledger.blocked({
      rowId: "llm-openai",
      host: "api.openai.com",
      port: 443,
      reason: "no key configured for openai",
    });
    const summary = ledger.summary(rows);

    expect(summary.find((row) => row.rowId === "llm-openai")).toMatchObject({
      state: "blocked",
      refusals: 1,
      lastRefusal: "no key configured for openai",
    });
    expect(summary.find((row) => row.rowId === "mcp:stdio-tool")?.state).toBe("not-configured");
    expect(summary.find((row) => row.rowId === "cloud-api")?.state).toBe("idle");
  });

  it("writes its history as JSON lines", () => {
    const ledger = createConnectionLedger({ clock: steppingClock() });
    ledger.blocked({
      rowId: undefined,
      host: "evil.example",
      port: 443,
      reason: "not in the connection inventory",
    });
    ledger.open({ rowId: "favicon", host: "www.google.com", port: 443 });

    const lines = ledger
      .toJsonLines()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { host: "evil.example", blockedReason: "not in the connection inventory" },
      { rowId: "favicon", host: "www.google.com" },
    ]);
  });
});
