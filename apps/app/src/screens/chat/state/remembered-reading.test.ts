import { describe, expect, it } from "vitest";
import { rememberedReading } from "./remembered-reading.ts";

describe("a remembered reading", () => {
  it("reads its source once, however often it is asked", () => {
    let reads = 0;
    const reading = rememberedReading(() => ++reads);
    expect(reading.get()).toBe(1);
    expect(reading.get()).toBe(1);
    expect(reads).toBe(1);
  });

  it("reads again once told the source may have changed", () => {
    let source = false;
    const reading = rememberedReading(() => source);
    expect(reading.get()).toBe(false);
    source = true;
    reading.forget();
    expect(reading.get()).toBe(true);
  });
});
