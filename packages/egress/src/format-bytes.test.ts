import { describe, expect, it } from "vitest";
import { formatBytes } from "./format-bytes.ts";

describe("formatBytes", () => {
  it("shows small counts as bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(12)).toBe("12 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });

  it("keeps one decimal below ten and none above", () => {
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(3_481)).toBe("3.4 KB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MB");
    expect(formatBytes(220 * 1024 * 1024)).toBe("220 MB");
  });

  it("steps up a unit at 1024, not at 1000, and never shows 1024 of a unit", () => {
    expect(formatBytes(1000 * 1024)).toBe("1000 KB");
    expect(formatBytes(1024 * 1024)).toBe("1.0 MB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1.0 MB");
  });

  it("stops at terabytes", () => {
    expect(formatBytes(5 * 1024 ** 5)).toBe("5120 TB");
  });
});
