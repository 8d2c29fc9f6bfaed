import type { ConnectionLogEntry } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { formatDuration, ledgerOutcome, newestFirst } from "./ledger-entries.ts";

function entry(overrides: Partial<ConnectionLogEntry>): ConnectionLogEntry {
  return {
    rowId: "cloud-api",
    host: "api.multiclaw.dev",
    port: 443,
    startedAt: "2026-12-07T12:00:00.000Z",
    endedAt: "2026-12-07T12:00:01.500Z",
    bytesIn: 1200,
    bytesOut: 300,
    blockedReason: null,
    cause: null,
    ...overrides,
  };
}

describe("ledgerOutcome", () => {
  it("tells a refusal, an open connection and a closed one apart", () => {
    expect(ledgerOutcome(entry({ blockedReason: "blocked by you", endedAt: null }))).toBe("refused");
    expect(ledgerOutcome(entry({ endedAt: null }))).toBe("open");
    expect(ledgerOutcome(entry({}))).toBe("closed");
  });
});

describe("newestFirst", () => {
  it("puts the latest connection on top without changing the gateway's array", () => {
    const entries = [
      entry({ startedAt: "2026-12-07T12:00:00.000Z", host: "a" }),
      entry({ startedAt: "2026-12-07T12:00:05.000Z", host: "b" }),
    ];
    expect(newestFirst(entries).map((e) => e.host)).toEqual(["b", "a"]);
    expect(entries[0]?.host).toBe("a");
  });
});

describe("formatDuration", () => {
  it("reads in the unit that fits", () => {
    expect(formatDuration(entry({ endedAt: "2026-12-07T12:00:00.850Z" }))).toBe("850 ms");
    expect(formatDuration(entry({}))).toBe("1.5 s");
    expect(formatDuration(entry({ endedAt: "2026-12-07T12:03:10.000Z" }))).toBe("3 min");
    expect(formatDuration(entry({ endedAt: null }))).toBe("open");
  });
});
