import { parseArgs } from "node:util";

/** What `npm run bench:fanout -- …` accepts. */
export interface BenchOptions {
  clients: number[];
  systems: string[];
  rounds: number;
  trials: number;
  workers: number;
  /** Size of the timed frame; 0 = take it from our event frame in the same run (Soketi's is padded to match). */
  frameBytes: number;
  trialTimeoutMs: number;
  databaseUrl: string | undefined;
  /** Before each measurement, wait until the 1-minute load average is below this (0 = do not wait). */
  maxLoad: number;
  out: string | undefined;
}

export const usage = `Usage: npm run bench:fanout -- [options]
  --clients 1000,5000,10000   connected event clients per measurement
  --systems multiclaw,soketi  systems to measure, in this order each round
  --rounds 3                  fresh servers per system and N (memory is min/median/max over rounds)
  --trials 3                  timed fan-outs per round, after one warm-up fan-out
  --workers 2                 client-fleet processes
  --frame-bytes 0             timed frame size; 0 = our event frame's size (Soketi's payload is padded to it)
  --trial-timeout-ms 30000    a client without the event by then counts as missing
  --database-url URL          run the Cloud on PostgreSQL (default: embedded PGlite in a temp dir)
  --max-load 0                before each measurement wait until the 1-minute load average is below this
  --out FILE                  JSON result (default bench/.results/fanout-<timestamp>.json)
Raise the open-file limit first if needed: bash -c 'ulimit -n 20000 && npm run bench:fanout'`;

function positiveIntegers(text: string, flag: string): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value <= 0)) {
    throw new Error(`--${flag} expects positive integers, got "${text}"`);
  }
  return values;
}

function positiveInteger(text: string, flag: string): number {
  return positiveIntegers(text, flag)[0] as number;
}

export function parseBenchOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: "string", default: "1000,5000,10000" },
      systems: { type: "string", default: "multiclaw,soketi" },
      rounds: { type: "string", default: "3" },
      trials: { type: "string", default: "3" },
      workers: { type: "string", default: "2" },
      "frame-bytes": { type: "string", default: "0" },
      "trial-timeout-ms": { type: "string", default: "30000" },
      "database-url": { type: "string" },
      "max-load": { type: "string", default: "0" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const systems = values.systems.split(",").map((name) => name.trim());
  const unknown = systems.filter((name) => name !== "multiclaw" && name !== "soketi");
  if (unknown.length > 0) throw new Error(`unknown system(s): ${unknown.join(", ")}`);
  const frameBytes = Number(values["frame-bytes"]);
  if (!Number.isInteger(frameBytes) || frameBytes < 0)
    throw new Error("--frame-bytes expects an integer ≥ 0");
  const maxLoad = Number(values["max-load"]);
  if (!Number.isFinite(maxLoad) || maxLoad < 0) throw new Error("--max-load expects a number ≥ 0");
  return {
    clients: positiveIntegers(values.clients, "clients"),
    systems,
    rounds: positiveInteger(values.rounds, "rounds"),
    trials: positiveInteger(values.trials, "trials"),
    workers: positiveInteger(values.workers, "workers"),
    frameBytes,
    trialTimeoutMs: positiveInteger(values["trial-timeout-ms"], "trial-timeout-ms"),
    databaseUrl: values["database-url"],
    maxLoad,
    out: values.out,
  };
}
