import type { ConnectionLogEntry } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { plainStyle } from "../chat/render-run-event.ts";
import { formatClock, formatDuration, renderConnectionLog } from "./render-connection-log.ts";

const now = new Date(2030, 0, 1, 12, 0, 0).getTime();
const at = (hours: number, minutes: number, seconds: number, ms = 0) =>
  new Date(2030, 0, 1, hours, minutes, seconds, ms).toISOString();

function entry(overrides: Partial<ConnectionLogEntry>): ConnectionLogEntry {
  return {
    rowId: "cloud-api",
    host: "127.0.0.1",
    port: 4800,
    startedAt: at(11, 58, 3),
    endedAt: at(11, 58, 3, 250),
    bytesIn: 2048,
    bytesOut: 300,
    blockedReason: null,
    cause: { kind: "feature", feature: "config-sync", detail: null },
    ...overrides,
  };
}

describe("the connection log", () => {
  it("shows each connection's time, row, host, cause, duration and bytes, and why a refused one was refused", () => {
    const text = renderConnectionLog(
      [
        entry({}),
        entry({
          rowId: "llm-openai",
          host: "api.openai.com",
          port: 443,
          endedAt: null,
          bytesIn: 0,
          bytesOut: 0,
          cause: {
            kind: "run",
            runId: `run_${"a".repeat(26)}`,
            agentId: `agt_${"b".repeat(26)}`,
            conversationId: null,
          },
        }),
        entry({
          rowId: null,
          cause: { kind: "feature", feature: "link-preview", detail: null },
          host: "example.com",
          port: 443,
          endedAt: null,
          bytesIn: 0,
          bytesOut: 0,
          blockedReason: "no inventory row matches example.com",
        }),
      ],
      { now, style: plainStyle },
    );
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^STARTED\s+ROW\s+HOST\s+CAUSE\s+DURATION\s+IN\s+OUT\s+NOTE$/);
    expect(lines[1]).toMatch(
      /^11:58:03\s+cloud-api\s+127\.0\.0\.1:4800\s+config-sync\s+250 ms\s+2\.0 KB\s+300 B$/,
    );
    expect(lines[2]).toMatch(
      /^11:58:03\s+llm-openai\s+api\.openai\.com:443\s+run run_a{26}\s+open\s+0 B\s+0 B$/,
    );
    expect(lines[3]).toMatch(
      /\(no row\)\s+example\.com:443\s+link-preview\s+refused\s+-\s+-\s+no inventory row matches example\.com$/,
    );
  });

  it("says so when there is nothing yet", () => {
    expect(renderConnectionLog([], { now, style: plainStyle })).toBe("No connections yet.");
  });

  it("formats times and durations for reading", () => {
    expect(formatClock(at(9, 5, 7), now)).toBe("09:05:07");
    expect(formatClock(new Date(2029, 11, 31, 23, 0, 0).toISOString(), now)).toBe("2029-12-31 23:00:00");
    expect(formatDuration(at(1, 0, 0), at(1, 0, 12, 500))).toBe("12.5 s");
    expect(formatDuration(at(1, 0, 0), at(1, 3, 10))).toBe("3 min");
  });
});
