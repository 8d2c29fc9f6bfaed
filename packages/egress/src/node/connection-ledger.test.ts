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

  it("counts an open connection's bytes as they cross, in its row's totals and its history entry", () => {
    const ledger = createConnectionLedger({ clock: steppingClock() });
    const rows = resolveInventory();
    const row = () => ledger.summary(rows).find((summary) => summary.rowId === "cloud-events");
    ledger
      .open({ rowId: "cloud-events", host: "api.multiclaw.io", port: 443 })
      .close({ bytesIn: 1000, bytesOut: 100 });
    const socket = { bytesRead: 0, bytesWritten: 0 };
    const open = ledger.open({
      rowId: "cloud-events",
      host: "api.multiclaw.io",
      port: 443,
      bytes: () => ({ bytesIn: socket.bytesRead, bytesOut: socket.bytesWritten }),
    });

    socket.bytesRead = 120; // hello and welcome
    socket.bytesWritten = 80;
    expect(row()).toMatchObject({ state: "active", bytesIn: 1120, bytesOut: 180 });
    expect(ledger.entries().at(-1)).toMatchObject({ end: undefined, bytesIn: 120, bytesOut: 80 });

    socket.bytesRead = 150; // a ping
    socket.bytesWritten = 90;
    expect(row()).toMatchObject({ bytesIn: 1150, bytesOut: 190 });
    expect(ledger.entries().at(-1)).toMatchObject({ bytesIn: 150, bytesOut: 90 });

    // Closed: its last reading moves into the totals once, and the meter is no longer read.
    socket.bytesRead = 160;
    open.close();
    socket.bytesRead = 9999;
    expect(row()).toMatchObject({ state: "idle", bytesIn: 1160, bytesOut: 190 });
    expect(ledger.entries().at(-1)).toMatchObject({ bytesIn: 160, bytesOut: 90, end: expect.any(Number) });
    expect(JSON.parse(ledger.toJsonLines().split("\n").at(-1) ?? "")).toMatchObject({ bytesIn: 160 });
  });

  it("still counts an open connection the history has dropped", () => {
    const ledger = createConnectionLedger({ capacity: 2, clock: steppingClock() });
    let bytesRead = 10;
    ledger.open({
      rowId: "cloud-events",
      host: "api.multiclaw.io",
      port: 443,
      bytes: () => ({ bytesIn: bytesRead, bytesOut: 5 }),
    });
    for (let i = 0; i < 3; i += 1) {
      ledger
        .open({ rowId: "cloud-events", host: "api.multiclaw.io", port: 443 })
        .close({ bytesIn: 1, bytesOut: 1 });
    }
    bytesRead = 40;

    expect(ledger.entries().every((record) => record.end !== undefined)).toBe(true);
    expect(ledger.summary(resolveInventory()).find((row) => row.rowId === "cloud-events")).toMatchObject({
      openConnections: 1,
      bytesIn: 43,
      bytesOut: 8,
    });
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
