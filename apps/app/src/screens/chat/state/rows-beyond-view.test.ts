import { describe, expect, it } from "vitest";
import { ROWS_BEYOND_VIEW, rowsBeyondView } from "./rows-beyond-view.ts";

describe("rows drawn beyond the view", () => {
  it("draws none while a conversation's first screen is drawn", () => {
    expect(rowsBeyondView(false)).toBe(0);
  });

  it("draws a few on each side once the first screen is on", () => {
    expect(rowsBeyondView(true)).toBe(ROWS_BEYOND_VIEW);
    expect(ROWS_BEYOND_VIEW).toBeGreaterThan(0);
  });
});
