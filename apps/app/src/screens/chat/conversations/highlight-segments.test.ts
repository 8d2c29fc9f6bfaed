import { describe, expect, it } from "vitest";
import { segmentsOf } from "./highlight-segments.ts";

describe("segmentsOf", () => {
  it("cuts the text at the matches, in order", () => {
    expect(
      segmentsOf({
        text: "…the ferry tickets",
        highlights: [
          { start: 11, end: 18 },
          { start: 5, end: 10 },
        ],
      }),
    ).toEqual([
      { text: "…the ", marked: false },
      { text: "ferry", marked: true },
      { text: " ", marked: false },
      { text: "tickets", marked: true },
    ]);
  });

  it("merges overlapping ranges and clamps ranges past the text, always joining back to the text", () => {
    const snippet = {
      text: "abcdef",
      highlights: [
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 5, end: 99 },
        { start: -3, end: 0 },
        { start: 4, end: 4 },
      ],
    };
    const segments = segmentsOf(snippet);
    expect(segments).toEqual([
      { text: "a", marked: false },
      { text: "bcd", marked: true },
      { text: "e", marked: false },
      { text: "f", marked: true },
    ]);
    expect(segments.map((segment) => segment.text).join("")).toBe(snippet.text);
  });

  it("leaves a snippet without matches as one plain segment, and an empty one as none", () => {
    expect(segmentsOf({ text: "plain", highlights: [] })).toEqual([{ text: "plain", marked: false }]);
    expect(segmentsOf({ text: "", highlights: [] })).toEqual([]);
  });
});
