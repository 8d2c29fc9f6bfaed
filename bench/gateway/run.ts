/**
 * Gateway benchmark: our gateway beside OpenClaw's, same machine, same run, same stand-in provider.
 *   1. cold start: spawn → ready (ours: connected to the Cloud and synced; OpenClaw: /readyz), interleaved trials;
 *   2. idle memory of the process tree after `--idle-seconds` of each of those starts;
 *   3. per-turn overhead: a chat turn through the client API minus the stand-in's own time for that turn's
 *      provider request (replayed right after it), paired turn by turn;
 *   4. token → client latency: the stand-in streams marked chunks; from the tap handing a chunk to the gateway
 *      to the client holding its text.
 * `npx tsx bench/gateway/run.ts --help` lists the options; BENCHMARKS.md has the method and the figures.
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { sleep } from "../fanout/clock.ts";
import { describeMachine, waitForQuiet } from "../fanout/machine.ts";
import { spread } from "../fanout/stats.ts";
import { createBaselines } from "./baselines.ts";
import { startBenchCloud } from "./cloud.ts";
import {
  type AimCheck,
  type ColdStartRecord,
  checkAims,
  compare,
  figuresOf,
  type TokenRecord,
  type TurnRecord,
  type WorkRecord,
} from "./figures.ts";
import type { GatewaySystem, RunningGateway } from "./gateway-system.ts";
import { createMultiClawSystem } from "./multiclaw-system.ts";
import { createOpenClawSystem, openclawMissing } from "./openclaw-system.ts";
import { type GatewayBenchOptions, parseGatewayBenchOptions, usage } from "./options.ts";
import { treeResidentBytes } from "./process-tree.ts";
import { type StandinTap, startStandinTap } from "./standin-tap.ts";
import { formatTables } from "./table.ts";
import { markerChunks, markerLatencies, markerOf } from "./token-markers.ts";

const resultsDir = fileURLToPath(new URL("../.results/", import.meta.url));
const log = (line: string) => console.log(line);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

type Llm = Awaited<ReturnType<typeof startLlmStandin>>;

async function coldStartTrial(system: GatewaySystem, trial: number, options: GatewayBenchOptions) {
  const gateway = await system.start();
  try {
    await sleep(options.idleSeconds * 1000);
    const idle = await treeResidentBytes(gateway.pid);
    const record: ColdStartRecord = { system: system.name, trial, ...gateway.coldStart, idle };
    log(
      `[${system.name} start ${trial}] port open ${record.listeningMs.toFixed(0)} ms, ready ${record.readyMs.toFixed(0)} ms; ` +
        `after ${options.idleSeconds} s idle RSS ${mib(idle.treeBytes)} (${idle.processes} processes; main ${mib(idle.mainBytes)})`,
    );
    for (const member of idle.members.slice(1)) log(`    + ${mib(member.bytes)} ${member.command}`);
    return record;
  } finally {
    await gateway.stop();
  }
}

/** One timed turn, then the same provider call replayed and the AI SDK baseline, back to back. */
async function pairedTurn(
  gateway: RunningGateway,
  tap: StandinTap,
  baselines: ReturnType<typeof createBaselines>,
): Promise<TurnRecord> {
  const before = tap.requestCount();
  const { sentAt, doneAt } = await gateway.turn();
  const providerRequests = tap.requestCount() - before;
  const captured = tap.lastRequest();
  if (!captured || providerRequests === 0) throw new Error("the turn made no provider request");
  const replayMs = await baselines.replay(captured);
  const aiSdkMs = await baselines.aiSdkCall();
  return {
    turnMs: doneAt - sentAt,
    replayMs,
    aiSdkMs,
    beforeProviderMs: captured.receivedAt - sentAt,
    afterProviderMs: doneAt - captured.answeredAt,
    requestBytes: captured.body.length,
    providerRequests,
  };
}

async function workPhase(
  system: GatewaySystem,
  options: GatewayBenchOptions,
  llm: Llm,
  tap: StandinTap,
  baselines: ReturnType<typeof createBaselines>,
): Promise<WorkRecord> {
  const gateway = await system.start();
  const label = `[${system.name} turns]`;
  try {
    for (let turn = 1; turn <= options.warmUpTurns; turn++) {
      const warm = await pairedTurn(gateway, tap, baselines);
      log(
        `${label} warm-up ${turn}: turn ${warm.turnMs.toFixed(1)} ms, replay ${warm.replayMs.toFixed(2)} ms`,
      );
    }
    const turns: TurnRecord[] = [];
    for (let turn = 1; turn <= options.turns; turn++) turns.push(await pairedTurn(gateway, tap, baselines));
    const medianOf = (values: number[]) => spread(values).median;
    log(
      `${label} ${turns.length} turns: median turn ${medianOf(turns.map((t) => t.turnMs)).toFixed(2)} ms, ` +
        `replay ${medianOf(turns.map((t) => t.replayMs)).toFixed(2)} ms, AI SDK ${medianOf(turns.map((t) => t.aiSdkMs)).toFixed(2)} ms, ` +
        `provider request ${(turns[0]?.requestBytes ?? 0).toLocaleString("en-US")} B`,
    );

    const tokens: TokenRecord[] = [];
    for (let trial = 1; trial <= options.tokenTrials; trial++) {
      const chunks = markerChunks(trial, options.tokens);
      const markers = chunks.map(markerOf);
      llm.reset();
      llm.enqueue({ type: "text", text: chunks, chunkDelayMs: options.chunkDelayMs });
      const sent = tap.watch(markers);
      const received = await gateway.streamedTurn(markers);
      tap.watch([]);
      if (llm.pending() !== 0) {
        llm.reset();
        throw new Error(`${system.name}: the streamed answer was not taken by the turn's provider request`);
      }
      const { latencies, missing } = markerLatencies(markers, sent, received);
      tokens.push({ trial, latencies, missing });
      const { median, max } = spread(latencies);
      log(
        `${label} streamed answer ${trial}: ${latencies.length} chunks, latency median ${median.toFixed(2)} ms, ` +
          `max ${max.toFixed(2)} ms${missing > 0 ? `, ${missing} missing` : ""}`,
      );
    }
    const afterTurns = await treeResidentBytes(gateway.pid);
    log(`${label} RSS after the turns: ${mib(afterTurns.treeBytes)} (main ${mib(afterTurns.mainBytes)})`);
    return { system: system.name, turns, tokens, afterTurns };
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${gateway.output().slice(-3000)}`,
    );
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
  const options = parseGatewayBenchOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(usage);
    return;
  }
  const machine = describeMachine();
  log(
    `gateway bench: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart.join(" ")}`,
  );
  if (options.gatewayNode) {
    const version = spawnSync(options.gatewayNode, ["--version"], { encoding: "utf8" }).stdout.trim();
    log(`our gateway runs on ${options.gatewayNode} (${version || "version unknown"})`);
  }
  const startedAt = new Date();
  const llm = await startLlmStandin({ defaultTurn: { type: "text", text: "ok" }, record: false });
  const tap = await startStandinTap(llm.origin);
  const baselines = createBaselines(tap.origin);
  let cloud: Awaited<ReturnType<typeof startBenchCloud>> | null = null;
  const systems: GatewaySystem[] = [];
  let missingAnchor = options.systems.includes("openclaw") ? openclawMissing() : null;
  if (missingAnchor) log(`OpenClaw anchor missing — measuring ours alone: ${missingAnchor}`);

  const coldStarts: ColdStartRecord[] = [];
  const work: WorkRecord[] = [];
  try {
    if (options.systems.includes("multiclaw")) {
      log("starting the Cloud (embedded PGlite initialises in ~20–30 s)…");
      cloud = await startBenchCloud(options.databaseUrl);
      const cloudUrl = cloud.url;
      systems.push(
        createMultiClawSystem({
          cloudUrl: () => cloudUrl,
          llmOrigin: tap.origin,
          pollMs: options.pollMs,
          ...(options.gatewayNode ? { node: options.gatewayNode } : {}),
        }),
      );
    }
    if (options.systems.includes("openclaw") && !missingAnchor) {
      systems.push(createOpenClawSystem({ llmOrigin: tap.origin, pollMs: options.pollMs }));
    }
    for (const system of [...systems]) {
      try {
        await system.prepare(log);
      } catch (error) {
        // An anchor that is installed but will not start here must not cost us our own figures.
        if (system.name !== "openclaw") throw error;
        missingAnchor = `OpenClaw is installed but did not start: ${error instanceof Error ? error.message : String(error)}`;
        log(`${missingAnchor.slice(0, 4000)}\nmeasuring ours alone`);
        systems.splice(systems.indexOf(system), 1);
        await system.dispose();
      }
    }

    // Trials alternate the order of the systems, so drift on a shared machine hits both alike.
    for (let trial = 1; trial <= options.trials; trial++) {
      const order = trial % 2 === 1 ? systems : [...systems].reverse();
      for (const system of order) {
        await waitForQuiet(options.maxLoad, log);
        coldStarts.push(await coldStartTrial(system, trial, options));
      }
    }
    for (const system of systems) {
      await waitForQuiet(options.maxLoad, log);
      work.push(await workPhase(system, options, llm, tap, baselines));
    }
  } finally {
    for (const system of systems)
      await system.dispose().catch((error: unknown) => log(`dispose: ${String(error)}`));
    baselines.close();
    await tap.close();
    await llm.close();
    await cloud?.close();
  }

  const figures = systems.map((system) =>
    figuresOf(
      system.name,
      coldStarts,
      work.find((w) => w.system === system.name),
    ),
  );
  const ours = figures.find((f) => f.system === "multiclaw");
  const anchor = figures.find((f) => f.system === "openclaw");
  const comparison = ours && anchor ? compare(ours, anchor) : undefined;
  const aims: AimCheck[] = ours ? checkAims(ours, comparison) : [];
  console.log(`\n${formatTables(figures, comparison, aims)}\n`);
  console.log("Figures are min / median / max over the trials; ratios compare medians of this run.");
  if (missingAnchor) console.log(`OpenClaw was not measured: ${missingAnchor}`);

  const out = options.out
    ? resolve(options.out)
    : `${resultsDir}gateway-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ startedAt, finishedAt: new Date(), loadAverageAtEnd: loadavg(), machine, options, missingAnchor, figures, comparison, aims, coldStarts, work }, null, 2)}\n`,
  );
  console.log(`result written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
