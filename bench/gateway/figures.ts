import { percentileOfSorted, type Spread, spread } from "../fanout/stats.ts";
import type { TreeMemory } from "./process-tree.ts";

/** One cold start: spawn → ready, then the memory after sitting idle. */
export interface ColdStartRecord {
  system: string;
  trial: number;
  listeningMs: number;
  readyMs: number;
  idle: TreeMemory;
}

/** One timed chat turn and the baselines measured right after it. */
export interface TurnRecord {
  turnMs: number;
  /** The turn's own provider request sent again to the stand-in (the stand-in's time for that call). */
  replayMs: number;
  /** The AI SDK making a one-line call to the stand-in directly. */
  aiSdkMs: number;
  /** From sending the turn until its provider request had fully reached the stand-in's tap. */
  beforeProviderMs: number;
  /** From the tap handing over the last byte of the provider's answer until the client had the whole answer. */
  afterProviderMs: number;
  /** Size of the provider request the turn made (the last one, if several). */
  requestBytes: number;
  /** Provider requests the turn made. */
  providerRequests: number;
}

/** One streamed answer: per chunk, client receive time − the time the tap handed it to the gateway. */
export interface TokenRecord {
  trial: number;
  latencies: number[];
  missing: number;
}

/** What a system did in the work phase (one started gateway). */
export interface WorkRecord {
  system: string;
  turns: TurnRecord[];
  tokens: TokenRecord[];
  afterTurns: TreeMemory;
}

export interface SystemFigures {
  system: string;
  listeningMs: Spread;
  readyMs: Spread;
  idleTreeBytes: Spread;
  idleMainBytes: Spread;
  idleProcesses: number;
  turnMs: Spread;
  replayMs: Spread;
  aiSdkMs: Spread;
  /** turn − replay, paired turn by turn: what the gateway adds to the model call. */
  overheadMs: Spread;
  /** turn − AI SDK call, paired: what it adds beyond a bare AI SDK call (ours runs that SDK). */
  overheadBeyondAiSdkMs: Spread;
  beforeProviderMs: Spread;
  afterProviderMs: Spread;
  requestBytes: number;
  providerRequestsPerTurn: number;
  token: { p50: number; p99: number; max: number; count: number; missing: number };
  afterTurnsTreeBytes: number;
  afterTurnsMainBytes: number;
}

function median(values: readonly number[]): number {
  return spread(values).median;
}

export function figuresOf(
  system: string,
  coldStarts: readonly ColdStartRecord[],
  work: WorkRecord | undefined,
): SystemFigures {
  const mine = coldStarts.filter((record) => record.system === system);
  const turns = work?.turns ?? [];
  const latencies = (work?.tokens ?? []).flatMap((record) => record.latencies).sort((a, b) => a - b);
  return {
    system,
    listeningMs: spread(mine.map((record) => record.listeningMs)),
    readyMs: spread(mine.map((record) => record.readyMs)),
    idleTreeBytes: spread(mine.map((record) => record.idle.treeBytes)),
    idleMainBytes: spread(mine.map((record) => record.idle.mainBytes)),
    idleProcesses: median(mine.map((record) => record.idle.processes)),
    turnMs: spread(turns.map((turn) => turn.turnMs)),
    replayMs: spread(turns.map((turn) => turn.replayMs)),
    aiSdkMs: spread(turns.map((turn) => turn.aiSdkMs)),
    overheadMs: spread(turns.map((turn) => turn.turnMs - turn.replayMs)),
    overheadBeyondAiSdkMs: spread(turns.map((turn) => turn.turnMs - turn.aiSdkMs)),
    beforeProviderMs: spread(turns.map((turn) => turn.beforeProviderMs)),
    afterProviderMs: spread(turns.map((turn) => turn.afterProviderMs)),
    requestBytes: median(turns.map((turn) => turn.requestBytes)),
    providerRequestsPerTurn: median(turns.map((turn) => turn.providerRequests)),
    token: {
      p50: percentileOfSorted(latencies, 50),
      p99: percentileOfSorted(latencies, 99),
      max: latencies.length > 0 ? (latencies[latencies.length - 1] as number) : Number.NaN,
      count: latencies.length,
      missing: (work?.tokens ?? []).reduce((sum, record) => sum + record.missing, 0),
    },
    afterTurnsTreeBytes: work?.afterTurns.treeBytes ?? Number.NaN,
    afterTurnsMainBytes: work?.afterTurns.mainBytes ?? Number.NaN,
  };
}

/** Ours beside the anchor, from medians of the same run. */
export interface Comparison {
  /** Anchor's ready time ÷ ours: how many times sooner ours is ready. */
  readyTimesSooner: number;
  /** Ours ÷ anchor. */
  idleTreeRatio: number;
  overheadRatio: number;
  tokenP50Ratio: number;
}

export function compare(ours: SystemFigures, anchor: SystemFigures): Comparison {
  return {
    readyTimesSooner: anchor.readyMs.median / ours.readyMs.median,
    idleTreeRatio: ours.idleTreeBytes.median / anchor.idleTreeBytes.median,
    overheadRatio: ours.overheadMs.median / anchor.overheadMs.median,
    tokenP50Ratio: ours.token.p50 / anchor.token.p50,
  };
}

/** One aim of the issue, checked against this run's medians. */
export interface AimCheck {
  aim: string;
  value: string;
  met: boolean | null;
}

const MiB = 2 ** 20;

export function checkAims(ours: SystemFigures, comparison: Comparison | undefined): AimCheck[] {
  return [
    {
      aim: "ready ≤ 0.5 s",
      value: `${(ours.readyMs.median / 1000).toFixed(3)} s`,
      met: ours.readyMs.median <= 500,
    },
    {
      aim: "ready ≥ 3× sooner than OpenClaw",
      value: comparison ? `${comparison.readyTimesSooner.toFixed(1)}×` : "no anchor",
      met: comparison ? comparison.readyTimesSooner >= 3 : null,
    },
    {
      aim: "idle RSS ≤ 80 MB (process tree)",
      value: `${(ours.idleTreeBytes.median / MiB).toFixed(1)} MiB`,
      met: ours.idleTreeBytes.median <= 80 * MiB,
    },
    {
      aim: "per-turn overhead ≤ 5 ms",
      value: `${ours.overheadMs.median.toFixed(2)} ms`,
      met: Number.isFinite(ours.overheadMs.median) ? ours.overheadMs.median <= 5 : null,
    },
  ];
}
