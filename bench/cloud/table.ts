import { type Spread, spread } from "../fanout/stats.ts";
import type { CloudStartRecord } from "./cloud-start.ts";
import { baselineOf, type Variant, variantName, variants } from "./cloud-variants.ts";
import type { NpmStartRecord } from "./npm-start.ts";

const MiB = 2 ** 20;

function range(value: Spread, digits: number, scale = 1): string {
  if (value.runs === 0) return "—";
  const f = (x: number) => (x / scale).toFixed(digits);
  return `${f(value.min)} / ${f(value.median)} / ${f(value.max)}`;
}

const ratio = (ours: Spread, baseline: Spread | undefined) =>
  baseline && baseline.runs > 0 && ours.runs > 0 ? `${(ours.median / baseline.median).toFixed(2)}×` : "";

const sameVariant = (a: Variant, b: Variant) => a.launch === b.launch && a.storage === b.storage;

/** Markdown tables (min / median / max; ratios of medians against each row's baseline) for BENCHMARKS.md. */
export function formatCloudTables(
  starts: readonly CloudStartRecord[],
  npm: readonly NpmStartRecord[],
): string {
  const figures = (variant: Variant) => {
    const records = starts.filter((record) => sameVariant(record.variant, variant));
    return {
      ready: spread(records.map((record) => record.readyMs)),
      tree: spread(records.map((record) => record.idle.treeBytes)),
      processes: spread(records.map((record) => record.idle.processes)),
    };
  };
  const lines = [
    "| Cloud: launch · storage | ready ms | idle RSS, tree MiB | processes | ready vs baseline | RSS vs baseline | baseline |",
    "|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const variant of variants) {
    const ours = figures(variant);
    if (ours.ready.runs === 0) continue;
    const baselineVariant = baselineOf(variant);
    const baseline = baselineVariant ? figures(baselineVariant) : undefined;
    lines.push(
      `| ${variantName(variant)} | ${range(ours.ready, 0)} | ${range(ours.tree, 1, MiB)} | ${range(ours.processes, 0)} | ` +
        `${ratio(ours.ready, baseline?.ready)} | ${ratio(ours.tree, baseline?.tree)} | ${baselineVariant ? variantName(baselineVariant) : ""} |`,
    );
  }
  if (npm.length > 0) {
    lines.push(
      "",
      '| npm start | to "Starting the MultiClaw Cloud" ms | to Cloud ready ms | to "MultiClaw is running" ms |',
      "|---|---:|---:|---:|",
    );
    for (const name of [...new Set(npm.map((record) => record.name))]) {
      const records = npm.filter((record) => record.name === name);
      lines.push(
        `| ${name} | ${range(spread(records.map((r) => r.cliStartedMs)), 0)} | ` +
          `${range(spread(records.map((r) => r.cloudReadyMs)), 0)} | ` +
          `${range(spread(records.map((r) => r.runningMs)), 0)} |`,
      );
    }
  }
  return lines.join("\n");
}
