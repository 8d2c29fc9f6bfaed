import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger } from "@multiclaw/egress/node";
import { ConnectionRow } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { createConnectionControl } from "./connection-control.ts";

function setUp() {
  const rows = resolveInventory({ cloudApiUrl: "http://127.0.0.1:4800" });
  let clock = Date.parse("2026-03-01T10:00:00.000Z");
  const ledger = createConnectionLedger({ clock: () => clock });
  const blocked = new Set<string>();
  const control = createConnectionControl({
    rows: () => rows,
    summary: () => ledger.summary(rows),
    blocked: {
      has: (id) => blocked.has(id),
      block: (id) => blocked.add(id),
      unblock: (id) => blocked.delete(id),
    },
    ledger,
  });
  return { control, ledger, advance: (ms: number) => (clock += ms) };
}

describe("the connection rows of the local API", () => {
  it("shows each row's hosts, state, last use and bytes as the ledger has them", async () => {
    const { control, ledger, advance } = setUp();
    const cause = { kind: "feature", feature: "config-sync", detail: null } as const;
    const open = ledger.open({ rowId: "cloud-api", host: "127.0.0.1", port: 4800, cause });
    let cloud = (await control.list()).find((row) => row.id === "cloud-api");
    expect(cloud).toMatchObject({
      state: "active",
      openConnections: 1,
      lastUsedAt: "2026-03-01T10:00:00.000Z",
    });
    advance(1000);
    open.close({ bytesIn: 10, bytesOut: 20 });
    cloud = (await control.list()).find((row) => row.id === "cloud-api");
    expect(cloud).toMatchObject({ state: "idle", hosts: ["127.0.0.1:4800"], bytesIn: 10, bytesOut: 20 });
    for (const row of await control.list()) ConnectionRow.parse(row);

    const [entry] = await control.log(5);
    expect(entry).toEqual({
      rowId: "cloud-api",
      host: "127.0.0.1",
      port: 4800,
      startedAt: "2026-03-01T10:00:00.000Z",
      endedAt: "2026-03-01T10:00:01.000Z",
      bytesIn: 10,
      bytesOut: 20,
      blockedReason: null,
      cause,
    });
  });

  it("passes on only a cause the wire knows, and says which rows this runtime cannot run", async () => {
    const rows = resolveInventory({ cloudApiUrl: "http://127.0.0.1:4800" });
    const ledger = createConnectionLedger();
    const control = createConnectionControl({
      rows: () => rows,
      summary: () => ledger.summary(rows),
      blocked: { has: () => false, block: () => undefined, unblock: () => undefined },
      ledger,
      featureOff: (rowId) =>
        rowId === "link-preview" ? "Link previews needs Node 24 (this is 20.20.2)" : undefined,
    });
    ledger.blocked({
      rowId: undefined,
      host: "example.com",
      port: 443,
      reason: "no row",
      cause: { kind: "mystery" },
    });
    ledger.open({ rowId: "cloud-api", host: "127.0.0.1", port: 4800 });
    expect((await control.log(5)).map((entry) => entry.cause)).toEqual([null, null]);
    const listed = await control.list();
    expect(listed.find((row) => row.id === "link-preview")?.unavailableReason).toBe(
      "Link previews needs Node 24 (this is 20.20.2)",
    );
    expect(listed.find((row) => row.id === "cloud-api")?.unavailableReason).toBeNull();
  });

  it("marks a row the user blocked, unless a connection is still open on it", async () => {
    const { control, ledger } = setUp();
    expect(await control.setBlocked("llm-anthropic", true)).toMatchObject({
      state: "blocked",
      blockedByUser: true,
      blockReason: "blocked by you",
    });
    const open = ledger.open({ rowId: "cloud-api", host: "127.0.0.1", port: 4800 });
    expect(await control.setBlocked("cloud-api", true)).toMatchObject({
      state: "active",
      blockedByUser: true,
    });
    open.close({ bytesIn: 0, bytesOut: 0 });
    expect((await control.list()).find((row) => row.id === "cloud-api")?.state).toBe("blocked");
    expect(await control.setBlocked("cloud-api", false)).toMatchObject({
      state: "idle",
      blockedByUser: false,
    });
    expect(await control.setBlocked("no-such-row", true)).toBeUndefined();
  });
});
