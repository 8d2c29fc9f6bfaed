import type { ConnectionRow } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { formatAgo, renderConnections } from "./render-connections.ts";

const now = Date.parse("2030-01-01T12:00:00.000Z");

function row(overrides: Partial<ConnectionRow>): ConnectionRow {
  return {
    id: "cloud-api",
    title: "MultiClaw Cloud API",
    hosts: ["127.0.0.1:4800"],
    purpose: "",
    ifBlocked: "",
    state: "idle",
    blockedByUser: false,
    blockReason: null,
    lastUsedAt: null,
    openConnections: 0,
    connections: 0,
    refusals: 0,
    bytesIn: 0,
    bytesOut: 0,
    ...overrides,
  };
}

describe("the connections table", () => {
  it("shows row, host, state, last use and bytes for each row", () => {
    const text = renderConnections(
      [
        row({ state: "active", openConnections: 2, lastUsedAt: "2030-01-01T11:59:18.000Z", bytesIn: 5300 }),
        row({ id: "llm-openai", hosts: ["api.openai.com:443"], state: "not-configured" }),
        row({
          id: "llm-anthropic",
          hosts: ["api.anthropic.com:443"],
          state: "blocked",
          blockedByUser: true,
          blockReason: "you blocked it (multiclaw connections unblock llm-anthropic)",
        }),
      ],
      { now },
    );
    const lines = text.split("\n");
    const line = (id: string) => lines.find((candidate) => candidate.includes(id)) ?? "";
    expect(lines.some((candidate) => /ROW.*HOST.*STATE.*LAST USED.*IN.*OUT/.test(candidate))).toBe(true);
    expect(line("cloud-api")).toMatch(/127\.0\.0\.1:4800.*active \(2\).*42 s ago.*5\.2 KB.*0 B/);
    expect(line("llm-openai")).toMatch(/not configured.*never/);
    expect(line("│ llm-anthropic")).toMatch(/blocked/);
    expect(text).toContain("llm-anthropic: you blocked it (multiclaw connections unblock llm-anthropic)");
    expect(text).not.toContain("\u001b["); // no colour unless asked
  });

  it("says which rows' features this runtime cannot run, and why", () => {
    const text = renderConnections(
      [
        row({}),
        row({
          id: "link-preview",
          hosts: ["api.microlink.io:443"],
          state: "not-configured",
          unavailableReason: "Link previews needs Node 24 (this is 20.20.2)",
        }),
      ],
      { now },
    );
    expect(text).toContain(
      "Unavailable here:\n  link-preview: Link previews needs Node 24 (this is 20.20.2)",
    );
    expect(renderConnections([row({})], { now })).not.toContain("Unavailable");
  });

  it("formats times the way people read them", () => {
    expect(formatAgo(null, now)).toBe("never");
    expect(formatAgo("2030-01-01T11:59:59.000Z", now)).toBe("just now");
    expect(formatAgo("2030-01-01T11:55:00.000Z", now)).toBe("5 min ago");
    expect(formatAgo("2029-12-30T11:55:00.000Z", now)).toBe("2029-12-30");
  });
});
