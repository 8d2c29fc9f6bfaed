import { describe, expect, it } from "vitest";
import { contactedText, expiresSoon, hostsText, timeLeft } from "./approval-reach.ts";

const at = Date.parse("2026-03-01T09:00:00.000Z");

describe("the time an approval still waits", () => {
  it("counts minutes, then seconds, then says it expired", () => {
    const expiresAt = "2026-03-01T09:30:00.000Z";
    expect(timeLeft(expiresAt, at)).toBe("30 min left");
    expect(timeLeft(expiresAt, at + 29 * 60_000 + 1)).toBe("1 min left");
    expect(timeLeft(expiresAt, at + 29 * 60_000 + 15_000)).toBe("45 s left");
    expect(timeLeft(expiresAt, at + 30 * 60_000)).toBe("expired");
    expect(timeLeft("2026-03-02T09:00:00.000Z", at)).toBe("24 h left");
    expect(timeLeft("not a time", at)).toBe("");
  });

  it("is soon in the last minute", () => {
    expect(expiresSoon("2026-03-01T09:01:00.000Z", at)).toBe(false);
    expect(expiresSoon("2026-03-01T09:00:59.000Z", at)).toBe(true);
  });
});

describe("where a call may connect", () => {
  const row = { rowId: "mcp:github", title: "MCP server github", hosts: [], contactedHosts: [] };

  it("names the hosts, any public host, or a local process", () => {
    expect(hostsText({ ...row, hosts: ["api.github.com", "uploads.github.com:8443"] })).toBe(
      "api.github.com, uploads.github.com:8443",
    );
    expect(hostsText({ ...row, rowId: "web-fetch", hosts: ["*"] })).toBe("any public host");
    expect(hostsText(row)).toBe("a local process, no hosts");
  });

  it("names the hosts the row contacted, when it did", () => {
    expect(contactedText(row)).toBeNull();
    expect(contactedText({ ...row, contactedHosts: ["api.github.com"] })).toBe("recently api.github.com");
  });
});
