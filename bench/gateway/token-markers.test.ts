import { describe, expect, it } from "vitest";
import { markerChunks, markerLatencies, markerOf, recordMarkers } from "./token-markers.ts";

describe("token markers", () => {
  it("gives each chunk a marker that no other chunk of any trial contains", () => {
    const markers = [1, 2, 11, 12].flatMap((trial) => markerChunks(trial, 12).map(markerOf));
    for (const marker of markers) {
      expect(markers.filter((other) => other.includes(marker))).toEqual([marker]);
    }
    expect(markerChunks(3, 2)).toEqual(["zq3x00z ", "zq3x01z "]);
  });

  it("keeps the first time a marker is seen, in raw SSE bytes or a run event alike", () => {
    const markers = markerChunks(1, 3).map(markerOf);
    const seen = new Map<string, number>();
    recordMarkers('data: {"choices":[{"delta":{"content":"zq1x00z "}}]}\n\n', markers, 5, seen);
    recordMarkers("zq1x00z zq1x01z ", markers, 9, seen);
    recordMarkers("no markers here", markers, 10, seen);
    expect([...seen]).toEqual([
      ["zq1x00z", 5],
      ["zq1x01z", 9],
    ]);
  });

  it("pairs send and receive times per marker and counts the unpaired as missing", () => {
    const markers = ["a", "b", "c"];
    const result = markerLatencies(
      markers,
      new Map([
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ]),
      new Map([
        ["a", 4],
        ["c", 3.5],
      ]),
    );
    expect(result).toEqual({ latencies: [3, 0.5], missing: 1 });
  });
});
