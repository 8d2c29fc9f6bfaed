import { describe, expect, it } from "vitest";
import { type ColdStartRecord, checkAims, compare, figuresOf, type WorkRecord } from "./figures.ts";

const MiB = 2 ** 20;
const memory = (mib: number) => ({ mainBytes: mib * MiB, treeBytes: mib * MiB, processes: 1, members: [] });

function coldStarts(system: string, ready: number[], idleMiB: number): ColdStartRecord[] {
  return ready.map((readyMs, index) => ({
    system,
    trial: index + 1,
    listeningMs: readyMs - 50,
    readyMs,
    idle: memory(idleMiB),
  }));
}

function work(system: string, pairs: [number, number][]): WorkRecord {
  return {
    system,
    turns: pairs.map(([turnMs, replayMs]) => ({
      turnMs,
      replayMs,
      aiSdkMs: replayMs + 1,
      beforeProviderMs: 1,
      afterProviderMs: 1,
      requestBytes: 4000,
      providerRequests: 1,
    })),
    tokens: [{ trial: 1, latencies: [3, 1, 2], missing: 0 }],
    afterTurns: memory(100),
  };
}

describe("gateway bench figures", () => {
  it("takes the overhead turn by turn (turn − the replay measured right after it), not from separate medians", () => {
    const figures = figuresOf(
      "ours",
      coldStarts("ours", [400, 300, 500], 70),
      work("ours", [
        [10, 2],
        [30, 25],
        [12, 3],
      ]),
    );
    expect(figures.overheadMs).toMatchObject({ min: 5, median: 8, max: 9 });
    expect(figures.overheadBeyondAiSdkMs.median).toBe(7);
    expect(figures.readyMs.median).toBe(400);
    expect(figures.token).toMatchObject({ p50: 2, max: 3, count: 3, missing: 0 });
  });

  it("compares medians of the same run and checks the issue's aims", () => {
    const ours = figuresOf("ours", coldStarts("ours", [400], 70), work("ours", [[6, 2]]));
    const anchor = figuresOf("anchor", coldStarts("anchor", [12_000], 900), work("anchor", [[352, 2]]));
    const comparison = compare(ours, anchor);
    expect(comparison.readyTimesSooner).toBe(30);
    expect(comparison.overheadRatio).toBeCloseTo(4 / 350);
    expect(checkAims(ours, comparison).map((aim) => aim.met)).toEqual([true, true, true, true]);
    const slow = figuresOf("ours", coldStarts("ours", [2500], 190), work("ours", [[30, 2]]));
    expect(checkAims(slow, undefined).map((aim) => aim.met)).toEqual([false, null, false, false]);
  });
});
