import { parseArgs } from "node:util";

export const appBenchParts = ["size", "launch", "tokens", "long-tasks"] as const;
export type AppBenchPart = (typeof appBenchParts)[number];

export interface AppBenchOptions {
  parts: AppBenchPart[];
  launches: number;
  tokenTrials: number;
  tokens: number;
  chunkDelayMs: number;
  messages: number;
  baselineMessages: number;
  longTaskTrials: number;
  wheelPxPerFrame: number;
  wheelFrames: number;
  out: string | null;
}

export const usage = `npm run bench:app -- [options]      (npx tsx bench/app/run.ts)

The App's four aims (issue 20), each beside a baseline from the same run:
  size        JS and CSS the first screen loads, gzip and brotli (beside OpenClaw's Control UI, if installed)
  launch      fresh link → interactive chat screen, cold browser contexts (beside a static file of the gateway)
  tokens      stand-in token → text in the page's DOM (beside a plain WebSocket client of the gateway)
  long-tasks  a long conversation opened and scrolled: main-thread tasks over 50 ms (beside a short one)

  --only LIST              comma-separated parts (default: all)
  --launches N             cold launches (default 10)
  --token-trials N         streamed answers, after one untimed (default 5)
  --tokens N               marked chunks per answer (default 20)
  --chunk-delay-ms N       the stand-in's pause between chunks (default 25)
  --messages N             messages in the long conversation (default 2000)
  --baseline-messages N    messages in the short one (default 20)
  --long-task-trials N     opens of each conversation (default 3)
  --wheel-px-per-frame N   the slower scroll after the flings (default 50: 3,000 px/s at 60 frames/s)
  --wheel-frames N         frames of it (default 600: ten seconds)
  --out FILE               the JSON result (default bench/.results/app-<time>.json)
`;

const count = (value: string | undefined, fallback: number, name: string, min = 1) => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return parsed;
};

export function parseAppBenchOptions(args: string[]): AppBenchOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      help: { type: "boolean" },
      only: { type: "string" },
      launches: { type: "string" },
      "token-trials": { type: "string" },
      tokens: { type: "string" },
      "chunk-delay-ms": { type: "string" },
      messages: { type: "string" },
      "baseline-messages": { type: "string" },
      "long-task-trials": { type: "string" },
      "wheel-px-per-frame": { type: "string" },
      "wheel-frames": { type: "string" },
      out: { type: "string" },
    },
  });
  if (values.help) return "help";
  const parts = values.only ? values.only.split(",").map((part) => part.trim()) : [...appBenchParts];
  for (const part of parts)
    if (!appBenchParts.includes(part as AppBenchPart))
      throw new Error(`--only: unknown part "${part}" (${appBenchParts.join(", ")})`);
  return {
    parts: parts as AppBenchPart[],
    launches: count(values.launches, 10, "launches"),
    tokenTrials: count(values["token-trials"], 5, "token-trials"),
    tokens: count(values.tokens, 20, "tokens"),
    chunkDelayMs: count(values["chunk-delay-ms"], 25, "chunk-delay-ms", 0),
    messages: count(values.messages, 2000, "messages", 2),
    baselineMessages: count(values["baseline-messages"], 20, "baseline-messages", 2),
    longTaskTrials: count(values["long-task-trials"], 3, "long-task-trials"),
    wheelPxPerFrame: count(values["wheel-px-per-frame"], 50, "wheel-px-per-frame"),
    wheelFrames: count(values["wheel-frames"], 600, "wheel-frames"),
    out: values.out ?? null,
  };
}
