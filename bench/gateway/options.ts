import { parseArgs } from "node:util";

/** The gateways the bench can measure: ours and the anchor. */
export const gatewaySystems = ["multiclaw", "openclaw"] as const;
export type GatewaySystemName = (typeof gatewaySystems)[number];

/** What `npm run bench:gateway -- …` (`tsx bench/gateway/run.ts`) accepts. */
export interface GatewayBenchOptions {
  systems: GatewaySystemName[];
  /** Cold starts per system (each followed by an idle-memory reading). */
  trials: number;
  /** How long each started gateway sits idle before its memory is read. */
  idleSeconds: number;
  /** Timed chat turns per system (each paired with the baselines). */
  turns: number;
  /** Untimed turns first: OpenClaw loads most of its code on the first turns. */
  warmUpTurns: number;
  /** Streamed answers timed token by token. */
  tokenTrials: number;
  /** Chunks per streamed answer. */
  tokens: number;
  /** Pause the stand-in makes between chunks. */
  chunkDelayMs: number;
  /** How often readiness is polled during a cold start. */
  pollMs: number;
  /** Before each system's phase, wait until the 1-minute load average is below this (0 = do not wait). */
  maxLoad: number;
  /**
   * The Node binary our gateway runs on (default: the one running the bench). Users run Node 22 and 24; the
   * anchor's Node 24 (bench/.anchors/openclaw/node_modules/.bin/node) shows what they get.
   */
  gatewayNode: string | undefined;
  /** PostgreSQL for the Cloud instead of embedded PGlite. */
  databaseUrl: string | undefined;
  out: string | undefined;
}

export const usage = `Usage: npm run bench:gateway -- [options]    (or: npx tsx bench/gateway/run.ts [options])
  --systems multiclaw,openclaw  gateways to measure (OpenClaw: bench/anchors/install-openclaw.sh first)
  --trials 5                    cold starts per system, interleaved; each is read for idle memory
  --idle-seconds 30             idle time after ready before the memory reading
  --turns 20                    timed chat turns per system, each paired with the stand-in baselines
  --warm-up-turns 5             untimed turns before them
  --token-trials 5              streamed answers timed chunk by chunk
  --tokens 20                   chunks per streamed answer
  --chunk-delay-ms 25           pause between chunks of a streamed answer
  --poll-ms 10                  readiness poll interval during a cold start
  --max-load 0                  before each phase wait until the 1-minute load average is below this
  --gateway-node PATH           the Node binary our gateway runs on (default: the bench's own)
  --database-url URL            run the Cloud on PostgreSQL (default: embedded PGlite in a temp dir)
  --out FILE                    JSON result (default bench/.results/gateway-<timestamp>.json)`;

function integer(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`--${flag} expects an integer ≥ ${min}, got "${text}"`);
  }
  return value;
}

export function parseGatewayBenchOptions(argv: string[]): GatewayBenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      systems: { type: "string", default: gatewaySystems.join(",") },
      trials: { type: "string", default: "5" },
      "idle-seconds": { type: "string", default: "30" },
      turns: { type: "string", default: "20" },
      "warm-up-turns": { type: "string", default: "5" },
      "token-trials": { type: "string", default: "5" },
      tokens: { type: "string", default: "20" },
      "chunk-delay-ms": { type: "string", default: "25" },
      "poll-ms": { type: "string", default: "10" },
      "max-load": { type: "string", default: "0" },
      "gateway-node": { type: "string" },
      "database-url": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const systems = values.systems.split(",").map((name) => name.trim());
  const unknown = systems.filter((name) => !(gatewaySystems as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown system(s): ${unknown.join(", ")}`);
  if (systems.length === 0 || new Set(systems).size !== systems.length) {
    throw new Error("--systems names each system once");
  }
  const maxLoad = Number(values["max-load"]);
  if (!Number.isFinite(maxLoad) || maxLoad < 0) throw new Error("--max-load expects a number ≥ 0");
  return {
    systems: systems as GatewaySystemName[],
    trials: integer(values.trials, "trials", 1),
    idleSeconds: integer(values["idle-seconds"], "idle-seconds", 0),
    turns: integer(values.turns, "turns", 1),
    warmUpTurns: integer(values["warm-up-turns"], "warm-up-turns", 0),
    tokenTrials: integer(values["token-trials"], "token-trials", 0),
    tokens: integer(values.tokens, "tokens", 1),
    chunkDelayMs: integer(values["chunk-delay-ms"], "chunk-delay-ms", 1),
    pollMs: integer(values["poll-ms"], "poll-ms", 1),
    maxLoad,
    gatewayNode: values["gateway-node"],
    databaseUrl: values["database-url"],
    out: values.out,
  };
}
