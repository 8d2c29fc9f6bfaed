import { describe, expect, it } from "vitest";
import { formatBytes } from "./format-bytes.ts";

describe("formatBytes", () => {
  it("shows small counts as bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });

  it("keeps one decimal below ten and none above", () => {
    expect(formatBytes(3_481)).toBe("3.4 KB");
    expect(formatBytes(220 * 1024 * 1024)).toBe("220 MB");
  });

  it("stops at terabytes", () => {
    expect(formatBytes(5 * 1024 ** 5)).toBe("5120 TB");
  });
});
