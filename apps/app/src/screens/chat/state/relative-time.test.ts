import { describe, expect, it } from "vitest";
import { relativeTime } from "./relative-time.ts";

const now = Date.parse("2026-12-07T12:00:00.000Z");

describe("when, as the list says it", () => {
  it("counts minutes and hours, then says yesterday", () => {
    expect(relativeTime("2026-12-07T11:59:30.000Z", now)).toBe("just now");
    expect(relativeTime("2026-12-07T11:55:00.000Z", now)).toBe("5 min ago");
    expect(relativeTime("2026-12-07T09:00:00.000Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-12-06T09:00:00.000Z", now)).toBe("yesterday");
  });

  it("gives a date for anything older and nothing for a bad time", () => {
    expect(relativeTime("2026-11-01T09:00:00.000Z", now)).toMatch(/2026/);
    expect(relativeTime("not a time", now)).toBe("");
  });
});
