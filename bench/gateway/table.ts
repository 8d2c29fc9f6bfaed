import type { Spread } from "../fanout/stats.ts";
import type { AimCheck, Comparison, SystemFigures } from "./figures.ts";

const MiB = 2 ** 20;

function range(value: Spread, digits: number, scale = 1): string {
  if (value.runs === 0) return "—";
  const f = (x: number) => (x / scale).toFixed(digits);
  return `${f(value.min)} / ${f(value.median)} / ${f(value.max)}`;
}

function one(value: number, digits: number, scale = 1): string {
  return Number.isFinite(value) ? (value / scale).toFixed(digits) : "—";
}

/** Markdown tables of the run (min / median / max), ready to paste into BENCHMARKS.md. */
export function formatTables(
  figures: readonly SystemFigures[],
  comparison: Comparison | undefined,
  aims: readonly AimCheck[],
): string {
  const lines = [
    "| system | port open ms | ready ms | idle RSS, tree MiB | idle RSS, main MiB | processes | RSS after turns, tree MiB |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const f of figures) {
    lines.push(
      `| ${f.system} | ${range(f.listeningMs, 0)} | ${range(f.readyMs, 0)} | ${range(f.idleTreeBytes, 1, MiB)} | ` +
        `${range(f.idleMainBytes, 1, MiB)} | ${one(f.idleProcesses, 0)} | ${one(f.afterTurnsTreeBytes, 1, MiB)} |`,
    );
  }
  lines.push(
    "",
    "| system | turn ms | stand-in replay ms | AI SDK call ms | overhead ms (turn − replay) | beyond AI SDK ms | send → provider request ms | provider answer → client ms | provider request KB | provider calls per turn |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const f of figures) {
    lines.push(
      `| ${f.system} | ${range(f.turnMs, 1)} | ${range(f.replayMs, 2)} | ${range(f.aiSdkMs, 2)} | ` +
        `${range(f.overheadMs, 2)} | ${range(f.overheadBeyondAiSdkMs, 2)} | ${one(f.beforeProviderMs.median, 2)} | ` +
        `${one(f.afterProviderMs.median, 2)} | ${one(f.requestBytes, 1, 1000)} | ` +
        `${one(f.providerRequestsPerTurn, 0)} |`,
    );
  }
  lines.push(
    "",
    "| system | token → client p50 ms | p99 ms | max ms | chunks timed | missing |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const f of figures) {
    lines.push(
      `| ${f.system} | ${one(f.token.p50, 2)} | ${one(f.token.p99, 2)} | ${one(f.token.max, 2)} | ${f.token.count} | ${f.token.missing} |`,
    );
  }
  if (comparison) {
    const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "—");
    lines.push(
      "",
      "| ready: times sooner than OpenClaw | idle RSS ours ÷ OpenClaw | overhead ours ÷ OpenClaw | token latency p50 ours ÷ OpenClaw |",
      "|---:|---:|---:|---:|",
      `| ${x(comparison.readyTimesSooner)} | ${x(comparison.idleTreeRatio)} | ${x(comparison.overheadRatio)} | ${x(comparison.tokenP50Ratio)} |`,
    );
  }
  if (aims.length > 0) {
    lines.push("", "| aim | ours (median) | met |", "|---|---:|---|");
    for (const aim of aims)
      lines.push(`| ${aim.aim} | ${aim.value} | ${aim.met === null ? "—" : aim.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n");
}
