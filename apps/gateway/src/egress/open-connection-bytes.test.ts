import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import type { ConnectionLogEntry, ConnectionRow } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpPerson } from "../cloud-link/test-link-kit.ts";
import type { GatewayProcess } from "../testing/gateway-process.ts";
import { startSignedInGateway } from "../testing/signed-in-gateway.ts";
import { waitFor } from "../testing/wait-for.ts";

/*
 * A long-lived connection's traffic shows while it is open: a user watching `multiclaw connections --watch`
 * saw the event stream at 0 B for as long as it stayed up, because its bytes were counted only when it closed.
 * A real Cloud (pinging every second) and a real gateway process, read through the local API
 * as the CLI reads it.
 */

/**
 * Frequent, so the stream carries pings (both ways) between two readings; not so frequent that a busy machine
 * misses two in a row and the gateway reconnects (which would be another connection).
 */
const pingIntervalMs = 1000;

let cloud: TestCloud;
let home: string;
let gateway: GatewayProcess;

const context = () => gateway?.output().slice(-3000) ?? "";

beforeAll(async () => {
  [cloud, home] = await Promise.all([
    startTestCloud({ eventPingIntervalMs: pingIntervalMs }),
    mkdtemp(join(tmpdir(), "multiclaw-open-bytes-")),
  ]);
  const ada = await signUpPerson(cloud.cloud.url, "Ada");
  gateway = await startSignedInGateway({ home, cloudUrl: cloud.cloud.url, approver: ada });
}, 120_000);

afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await cloud?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

async function eventsRow(): Promise<ConnectionRow> {
  const row = (await gateway.client.listConnections()).rows.find((each) => each.id === "cloud-events");
  if (!row) throw new Error("no cloud-events row");
  return row;
}

/** The event stream's entries in the ledger's history (`/v1/connections/log`). */
async function eventsLog(): Promise<ConnectionLogEntry[]> {
  const { entries } = await gateway.client.connectionLog({ limit: 1000 });
  return entries.filter((entry) => entry.rowId === "cloud-events" && entry.blockedReason === null);
}

/** The cloud-events row and its one connection's history entry, read as the CLI reads them. */
async function eventsReading(): Promise<{ row: ConnectionRow; entries: ConnectionLogEntry[] }> {
  return { row: await eventsRow(), entries: await eventsLog() };
}

describe("the connection ledger counts bytes as they cross", () => {
  it("the ledger's bytes for an open event stream grow while it stays open", async () => {
    const first = await waitFor(
      "the event stream to be open and to have carried its handshake",
      async () => {
        const reading = await eventsReading();
        const [entry] = reading.entries;
        return reading.row.state === "active" && reading.row.bytesIn > 0 && entry && entry.bytesIn > 0
          ? { row: reading.row, entry }
          : undefined;
      },
      { context },
    );
    expect(first.entry).toMatchObject({ endedAt: null });
    expect(first.entry.bytesOut).toBeGreaterThan(0);

    // Pings cross the stream, both ways, in between; nothing closes it.
    const { row, entries } = await waitFor(
      "the open event stream's bytes to grow",
      async () => {
        const reading = await eventsReading();
        const entry = reading.entries.at(-1);
        const grew =
          reading.row.bytesIn > first.row.bytesIn &&
          reading.row.bytesOut > first.row.bytesOut &&
          entry !== undefined &&
          entry.bytesIn > first.entry.bytesIn &&
          entry.bytesOut > first.entry.bytesOut;
        return grew ? reading : undefined;
      },
      { context, timeoutMs: pingIntervalMs * 20 },
    );
    // The same connection, still open: not a reconnection that closed the first and added its bytes.
    expect(row).toMatchObject({ state: "active", openConnections: 1, connections: first.row.connections });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ startedAt: first.entry.startedAt, endedAt: null });
  });
});
