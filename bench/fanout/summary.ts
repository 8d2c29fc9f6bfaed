import type { RoundResult } from "./measure.ts";
import { type Spread, spread } from "./stats.ts";

/** One system at one N, over every round and trial of the run. */
export interface SystemSummary {
  system: string;
  clients: number;
  /** Per-trial figures (ms), min / median / max over all measured trials of all rounds. */
  p50: Spread;
  p99: Spread;
  last: Spread;
  triggerResponse: Spread;
  /** Bytes per idle connection, min / median / max over rounds. */
  bytesPerIdleConnection: Spread;
  /** JS heap bytes per idle connection, min / median / max over rounds. */
  heapBytesPerIdleConnection: Spread;
  rssBeforeBytes: Spread;
  /** Rounds whose RSS never settled (their per-connection figure is doubtful). */
  unsettledRounds: number;
  missing: number;
  closedByServer: number;
  frameBytes: number;
}

/** Ours ÷ anchor, from medians of the same run. */
export interface Ratio {
  clients: number;
  p50: number;
  p99: number;
  last: number;
  bytesPerIdleConnection: number;
}

export function summarise(rounds: readonly RoundResult[]): SystemSummary[] {
  const groups = new Map<string, RoundResult[]>();
  for (const round of rounds) {
    const key = `${round.clients}\u0000${round.system}`;
    groups.set(key, [...(groups.get(key) ?? []), round]);
  }
  return [...groups.values()].map((group) => {
    const trials = group.flatMap((round) => round.trials);
    const first = group[0] as RoundResult;
    return {
      system: first.system,
      clients: first.clients,
      p50: spread(trials.map((trial) => trial.p50)),
      p99: spread(trials.map((trial) => trial.p99)),
      last: spread(trials.map((trial) => trial.last)),
      triggerResponse: spread(trials.map((trial) => trial.triggerResponseMs)),
      bytesPerIdleConnection: spread(group.map((round) => round.bytesPerIdleConnection)),
      heapBytesPerIdleConnection: spread(group.map((round) => round.heapBytesPerIdleConnection)),
      rssBeforeBytes: spread(group.map((round) => round.rssBeforeBytes)),
      unsettledRounds: group.filter((round) => !round.rssStable).length,
      missing: trials.reduce((sum, trial) => sum + trial.missing, 0),
      closedByServer: group.reduce((sum, round) => sum + round.closedByServer, 0),
      frameBytes: trials.find((trial) => trial.frameBytes > 0)?.frameBytes ?? 0,
    };
  });
}

export function ratios(summaries: readonly SystemSummary[], ours: string, anchor: string): Ratio[] {
  const result: Ratio[] = [];
  for (const mine of summaries.filter((summary) => summary.system === ours)) {
    const theirs = summaries.find((summary) => summary.system === anchor && summary.clients === mine.clients);
    if (!theirs) continue;
    result.push({
      clients: mine.clients,
      p50: mine.p50.median / theirs.p50.median,
      p99: mine.p99.median / theirs.p99.median,
      last: mine.last.median / theirs.last.median,
      bytesPerIdleConnection: mine.bytesPerIdleConnection.median / theirs.bytesPerIdleConnection.median,
    });
  }
  return result;
}
