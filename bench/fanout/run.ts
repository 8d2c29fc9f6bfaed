/**
 * Event fan-out benchmark: time from a change to its arrival at every one of N connected event clients, and
 * server memory per idle connection — the MultiClaw Cloud beside Soketi, measured in the same run.
 * `npm run bench:fanout -- --help` lists the options; BENCHMARKS.md has the method and the figures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeMachine, waitForQuiet } from "./machine.ts";
import { measureRound, type RoundResult } from "./measure.ts";
import { parseBenchOptions, usage } from "./options.ts";
import { openFileLimit } from "./process-memory.ts";
import { ratios, summarise } from "./summary.ts";
import { createMultiClawSystem } from "./systems/multiclaw.ts";
import { createSoketiSystem } from "./systems/soketi.ts";
import type { SystemFactory } from "./systems/system.ts";
import { formatTable } from "./table.ts";

/** Used for Soketi's payload when our Cloud is not part of the run (about the size of a config-changed frame). */
const defaultFrameBytes = 240;
const resultsDir = fileURLToPath(new URL("../.results/", import.meta.url));

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(usage);
    return;
  }
  const largest = Math.max(...options.clients);
  const limit = await openFileLimit();
  // The server holds one descriptor per client, plus its own files (PGlite, logs, listeners).
  if (limit < largest + 1000) {
    throw new Error(
      `open-file limit ${limit} is too low for ${largest} clients: run bash -c 'ulimit -n 20000 && npm run bench:fanout'`,
    );
  }
  const machine = describeMachine();
  console.log(
    `fan-out bench: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart.join(" ")}`,
  );

  let frameBytes = options.frameBytes;
  const systems: Record<string, SystemFactory> = {
    multiclaw: createMultiClawSystem({ databaseUrl: options.databaseUrl }),
    soketi: createSoketiSystem(),
  };
  const rounds: RoundResult[] = [];
  const startedAt = new Date();
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const clients of options.clients) {
        for (const system of options.systems) {
          await waitForQuiet(options.maxLoad, (line) => console.log(line));
          const result = await measureRound({
            start: (systems[system] as SystemFactory).start,
            clients,
            round,
            trials: options.trials,
            workers: options.workers,
            frameBytes: frameBytes || defaultFrameBytes,
            trialTimeoutMs: options.trialTimeoutMs,
            log: (line) => console.log(line),
          });
          rounds.push(result);
          // Soketi's payload is padded to the size our Cloud actually sent, so both push the same bytes.
          if (frameBytes === 0 && system === "multiclaw") frameBytes = result.trials[0]?.frameBytes ?? 0;
        }
      }
    }
  } finally {
    await Promise.all(Object.values(systems).map((system) => system.dispose()));
  }

  const summaries = summarise(rounds);
  const ratioRows = ratios(summaries, "multiclaw", "soketi");
  console.log(`\n${formatTable(summaries, ratioRows)}\n`);
  console.log("Figures are min / median / max over every measured trial (memory: over rounds).");

  const out = options.out
    ? resolve(options.out)
    : `${resultsDir}fanout-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ startedAt, finishedAt: new Date(), machine, options, summaries, ratios: ratioRows, rounds }, null, 2)}\n`,
  );
  console.log(`result written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
