import { parseArgs } from "node:util";

export interface CloudBenchOptions {
  /** Starts of each variant (interleaved), at least 3 for a median worth the name. */
  runs: number;
  /** How long a started Cloud idles before its memory is read. */
  idleSeconds: number;
  /** PostgreSQL server the "postgres" variants create a fresh database on. */
  postgresUrl: string;
  /** Measure the Cloud's own starts and idle memory. */
  cloudStarts: boolean;
  /** Measure `npm start` too (to "MultiClaw is running"). */
  npmStart: boolean;
  /** Wait for the 1-minute load average to drop below this before each start (0: never wait). */
  maxLoad: number;
}

export const usage = `Usage: npm run bench:cloud -- [options]    (or: npx tsx bench/cloud/run.ts [options])

The Cloud's start (spawn → /readyz answers ready) and idle memory (process tree RSS), as a bundle under plain
Node and through tsx (the baseline), on PGlite (an empty data directory, and one that exists) and on
PostgreSQL (a fresh database); then \`npm start\` to "MultiClaw is running" on an empty and an existing
MULTICLAW_HOME.

  --runs N             starts of each variant (default 3)
  --idle-seconds N     idle time before memory is read (default 10)
  --postgres URL       PostgreSQL admin URL (default MULTICLAW_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --no-npm-start       skip the \`npm start\` figures
  --no-cloud-starts    skip the Cloud's own starts (only \`npm start\`)
  --max-load X         wait for the 1-minute load average to drop below X before each start (default 0: never)
`;

export function parseCloudBenchOptions(argv: string[]): CloudBenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: "string", default: "3" },
      "idle-seconds": { type: "string", default: "10" },
      postgres: { type: "string" },
      "no-npm-start": { type: "boolean", default: false },
      "no-cloud-starts": { type: "boolean", default: false },
      "max-load": { type: "string", default: "0" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  const number = (name: string, raw: string, min: number) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`--${name} must be a number ≥ ${min}, not "${raw}"`);
    return value;
  };
  return {
    runs: number("runs", values.runs, 1),
    idleSeconds: number("idle-seconds", values["idle-seconds"], 0),
    postgresUrl:
      values.postgres ??
      process.env.MULTICLAW_TEST_POSTGRES_URL ??
      "postgres://postgres@127.0.0.1:5432/postgres",
    cloudStarts: !values["no-cloud-starts"],
    npmStart: !values["no-npm-start"],
    maxLoad: number("max-load", values["max-load"], 0),
  };
}
