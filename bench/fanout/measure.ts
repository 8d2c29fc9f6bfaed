import { sleep } from "./clock.ts";
import { createFleet } from "./fleet.ts";
import { residentBytes, settledMemory } from "./process-memory.ts";
import { type LatencySummary, summariseLatencies } from "./stats.ts";
import type { StartSystem } from "./systems/system.ts";

/** One timed fan-out. */
export interface TrialResult extends LatencySummary {
  trial: number;
  /** Clients that never received the event within the trial timeout (a correct run has 0). */
  missing: number;
  /** How long the trigger request took to answer (Soketi answers only after its fan-out). */
  triggerResponseMs: number;
  frameBytes: number;
}

/** One system at one N in one round: a fresh server, N idle clients, then several fan-outs. */
export interface RoundResult {
  system: string;
  clients: number;
  round: number;
  connectMs: number;
  rssBeforeBytes: number;
  rssIdleBytes: number;
  /** False when either reading never settled within 90 s (the per-connection figure is then doubtful). */
  rssStable: boolean;
  /** (RSS with N idle clients − RSS before) ÷ N. */
  bytesPerIdleConnection: number;
  /** The JS heap's share of it: (heap used with N idle clients − before) ÷ N, after a full collection. */
  heapBytesPerIdleConnection: number;
  rssAfterTrialsBytes: number;
  closedByServer: number;
  trials: TrialResult[];
}

export interface RoundOptions {
  start: StartSystem;
  clients: number;
  round: number;
  trials: number;
  workers: number;
  frameBytes: number;
  trialTimeoutMs: number;
  log: (line: string) => void;
}

const warmUpClients = 100;

/**
 * Measures one system at one N. Before the baseline is taken, a small warm-up fleet connects, receives one
 * event and leaves, so code compiled and modules loaded on first use count in the baseline, not against the
 * connections (at N = 1,000 a few MB of first-use cost would otherwise read as KBs per connection).
 */
export async function measureRound(options: RoundOptions): Promise<RoundResult> {
  const system = await options.start({ frameBytes: options.frameBytes });
  const log = (line: string) =>
    options.log(`[${system.name} N=${options.clients} round ${options.round}] ${line}`);
  try {
    const warmUp = createFleet({ workers: 1 });
    try {
      await warmUp.connect(system.client, warmUpClients);
      await warmUp.trial(0, () => system.trigger(0), options.trialTimeoutMs);
    } finally {
      await warmUp.close();
    }
    const before = await settledMemory(() => system.readMemory());
    const rssBeforeBytes = before.rss;

    const fleet = createFleet({ workers: options.workers });
    try {
      await fleet.booted();
      const connectStart = performance.now();
      await fleet.connect(system.client, options.clients);
      const connectMs = performance.now() - connectStart;
      const idle = await settledMemory(() => system.readMemory());
      const rssIdleBytes = idle.rss;
      const rssStable = before.stable && idle.stable;
      const bytesPerIdleConnection = (rssIdleBytes - rssBeforeBytes) / options.clients;
      const heapBytesPerIdleConnection = (idle.heapUsed - before.heapUsed) / options.clients;
      log(
        `connected in ${(connectMs / 1000).toFixed(1)} s; RSS ${(rssBeforeBytes / 2 ** 20).toFixed(1)} → ` +
          `${(rssIdleBytes / 2 ** 20).toFixed(1)} MiB (${(bytesPerIdleConnection / 1024).toFixed(2)} KiB per idle connection, ` +
          `${(heapBytesPerIdleConnection / 1024).toFixed(2)} KiB of it JS heap)` +
          (rssStable ? "" : " — RSS did not settle"),
      );

      const trials: TrialResult[] = [];
      let closedByServer = 0;
      // Trial 0 is a warm-up at full N (first fan-out to this many sockets) and is not reported.
      for (let trial = 0; trial <= options.trials; trial++) {
        await sleep(500);
        const seen = await fleet.trial(trial + 1, () => system.trigger(trial + 1), options.trialTimeoutMs);
        const latencies = seen.arrivals
          .filter((at) => !Number.isNaN(at))
          .map((at) => at - seen.trigger.sentAt);
        const result: TrialResult = {
          trial,
          ...summariseLatencies(latencies),
          missing: options.clients - latencies.length,
          triggerResponseMs: seen.trigger.respondedAt - seen.trigger.sentAt,
          frameBytes: seen.frameBytes,
        };
        closedByServer = seen.closedByServer;
        log(
          `${trial === 0 ? "warm-up" : `trial ${trial}`}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
            `last ${result.last.toFixed(1)} ms, trigger answered in ${result.triggerResponseMs.toFixed(1)} ms` +
            (result.missing > 0 ? `, ${result.missing} MISSING` : ""),
        );
        if (trial > 0) trials.push(result);
      }
      return {
        system: system.name,
        clients: options.clients,
        round: options.round,
        connectMs,
        rssBeforeBytes,
        rssIdleBytes,
        rssStable,
        bytesPerIdleConnection,
        heapBytesPerIdleConnection,
        rssAfterTrialsBytes: await residentBytes(system.pid),
        closedByServer,
        trials,
      };
    } finally {
      await fleet.close();
    }
  } finally {
    await system.close();
  }
}
