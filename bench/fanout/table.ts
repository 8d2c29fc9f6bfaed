import type { Spread } from "./stats.ts";
import type { Ratio, SystemSummary } from "./summary.ts";

function ms(value: Spread): string {
  return `${value.min.toFixed(0)} / ${value.median.toFixed(0)} / ${value.max.toFixed(0)}`;
}

function kib(value: Spread): string {
  const k = (bytes: number) => (bytes / 1024).toFixed(1);
  return `${k(value.min)} / ${k(value.median)} / ${k(value.max)}`;
}

/** A Markdown table of the run (min / median / max), ready to paste into BENCHMARKS.md. */
export function formatTable(summaries: readonly SystemSummary[], ratioRows: readonly Ratio[]): string {
  const lines = [
    "| clients | system | p50 ms | p99 ms | last arrival ms | trigger answered ms | KiB per idle connection | of it JS heap KiB | RSS before MiB | frame B | missing |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const sorted = [...summaries].sort((a, b) => a.clients - b.clients || a.system.localeCompare(b.system));
  for (const summary of sorted) {
    lines.push(
      `| ${summary.clients.toLocaleString("en-US")} | ${summary.system} | ${ms(summary.p50)} | ${ms(summary.p99)} | ` +
        `${ms(summary.last)} | ${ms(summary.triggerResponse)} | ${kib(summary.bytesPerIdleConnection)}` +
        `${summary.unsettledRounds > 0 ? ` (${summary.unsettledRounds} unsettled)` : ""} | ` +
        `${kib(summary.heapBytesPerIdleConnection)} | ` +
        `${(summary.rssBeforeBytes.median / 2 ** 20).toFixed(0)} | ${summary.frameBytes} | ${summary.missing} |`,
    );
  }
  if (ratioRows.length > 0) {
    lines.push(
      "",
      "| clients | ratio ours ÷ Soketi: p50 | p99 | last arrival | memory per idle connection |",
      "|---:|---:|---:|---:|---:|",
    );
    for (const ratio of ratioRows) {
      const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "—");
      lines.push(
        `| ${ratio.clients.toLocaleString("en-US")} | ${x(ratio.p50)} | ${x(ratio.p99)} | ${x(ratio.last)} | ` +
          `${x(ratio.bytesPerIdleConnection)} |`,
      );
    }
  }
  return lines.join("\n");
}
