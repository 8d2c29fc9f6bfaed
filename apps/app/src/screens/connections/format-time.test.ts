import { describe, expect, it } from "vitest";
import { formatClock } from "./format-time.ts";

describe("formatClock", () => {
  it("shows only the time for today", () => {
    const today = new Date(2026, 11, 7, 9, 5, 7);
    expect(formatClock(today.toISOString(), new Date(2026, 11, 7, 18, 0, 0).getTime())).toBe("09:05:07");
  });

  it("puts the date in front for another day", () => {
    const yesterday = new Date(2026, 11, 6, 23, 59, 1);
    expect(formatClock(yesterday.toISOString(), new Date(2026, 11, 7, 0, 10, 0).getTime())).toBe(
      "2026-12-06 23:59:01",
    );
  });
});
