import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./format-relative-time.ts";

const english = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const now = Date.parse("2026-12-07T12:00:00Z");
const ago = (seconds: number) => formatRelativeTime(now - seconds * 1000, now, english);

describe("formatRelativeTime", () => {
  it("says just now for the last few seconds, either way", () => {
    expect(ago(10)).toBe("just now");
    expect(ago(-10)).toBe("just now");
  });

  it("uses the largest whole unit", () => {
    expect(ago(50)).toBe("1 minute ago");
    expect(ago(5 * 60)).toBe("5 minutes ago");
    expect(ago(3 * 3600 + 59 * 60)).toBe("3 hours ago");
    expect(ago(26 * 3600)).toBe("yesterday");
    expect(ago(3 * 24 * 3600)).toBe("3 days ago");
    expect(ago(400 * 24 * 3600)).toBe("last year");
  });

  it("speaks of the future too", () => {
    expect(ago(-2 * 24 * 3600)).toBe("in 2 days");
  });
});
