import { describe, expect, it } from "vitest";
import { imageTypeOf, isAcceptedDeclaredType } from "./favicon-image-type.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

describe("favicon image types", () => {
  it.each([
    ["image/png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)],
    ["image/gif", bytes(...ascii("GIF89a"), 1, 0)],
    ["image/jpeg", bytes(0xff, 0xd8, 0xff, 0xe0)],
    ["image/webp", bytes(...ascii("RIFF"), 0, 0, 0, 0, ...ascii("WEBPVP8 "))],
    ["image/x-icon", bytes(0, 0, 1, 0, 1, 0, 16, 16)],
  ])("knows %s by its bytes", (type, image) => {
    expect(imageTypeOf(image)).toBe(type);
  });

  it("knows no SVG, HTML or cursor", () => {
    expect(
      imageTypeOf(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>")),
    ).toBeUndefined();
    expect(imageTypeOf(new TextEncoder().encode("<!doctype html>"))).toBeUndefined();
    expect(imageTypeOf(bytes(0, 0, 2, 0, 1, 0))).toBeUndefined();
  });

  it("accepts raster types as declared, never SVG", () => {
    expect(isAcceptedDeclaredType("image/vnd.microsoft.icon")).toBe(true);
    expect(isAcceptedDeclaredType("image/png; charset=binary")).toBe(true);
    expect(isAcceptedDeclaredType("image/svg+xml")).toBe(false);
    expect(isAcceptedDeclaredType(null)).toBe(false);
  });
});
