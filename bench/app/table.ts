import { percentileOfSorted, type Spread, spread } from "../fanout/stats.ts";
import type { FirstScreenSize } from "./first-screen-size.ts";
import type { LaunchRecord } from "./launch.ts";
import type { LongTaskRecord, PhaseTasks } from "./long-tasks.ts";
import type { TokenTrialRecord } from "./token-to-dom.ts";

export interface AppBenchFigures {
  sizes: Array<{ system: string; size: FirstScreenSize }>;
  launches: LaunchRecord[];
  tokens: TokenTrialRecord[];
  longTasks: LongTaskRecord[];
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const range = (value: Spread, digits: number) =>
  value.runs === 0
    ? "—"
    : `${value.min.toFixed(digits)} / ${value.median.toFixed(digits)} / ${value.max.toFixed(digits)}`;
const met = (yes: boolean | null) => (yes === null ? "—" : yes ? "yes" : "**no**");
const ratio = (ours: number, baseline: number) =>
  Number.isFinite(ours) && Number.isFinite(baseline) && baseline > 0
    ? `${(ours / baseline).toFixed(2)}×`
    : "—";

/** ", N not interactive within 30 s" when some launches never were. */
function failures(launches: readonly LaunchRecord[]): string {
  const failed = launches.filter((launch) => launch.failure !== null).length;
  return failed > 0 ? `, ${failed} not interactive within 30 s` : "";
}

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

/** The aims of issue 20 with this run's figures. */
export function aimsOf(figures: AppBenchFigures, messages: number) {
  const aims: Array<{ aim: string; value: string; met: boolean | null }> = [];
  const ours = figures.sizes.find((entry) => entry.system === "multiclaw")?.size;
  if (ours)
    aims.push({
      aim: "JS + CSS for the first screen ≤ 250 KB compressed",
      value: `${kB(ours.total.gzip)} kB gzip, ${kB(ours.total.brotli)} kB brotli`,
      met: ours.total.gzip <= 250_000,
    });
  if (figures.launches.length > 0) {
    // A launch that never became interactive counts as slower than any that did.
    const times = figures.launches.map((launch) =>
      launch.failure ? Number.POSITIVE_INFINITY : launch.interactiveMs,
    );
    const sorted = [...times].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2 === 1
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    aims.push({
      aim: `launch → interactive chat ≤ 1 s (median of ${figures.launches.length} cold launches)`,
      value: `${median.toFixed(0)} ms${failures(figures.launches)}`,
      met: median <= 1000,
    });
  }
  if (figures.tokens.length > 0) {
    const added = percentiles(figures.tokens.flatMap((trial) => trial.addedMs));
    aims.push({
      aim: "token → rendered text, p99 added ≤ 15 ms",
      value: `${added.p99.toFixed(2)} ms`,
      met: added.p99 <= 15,
    });
  }
  const long = figures.longTasks.filter((record) => record.messages === messages);
  if (long.length > 0) {
    const check = (name: string, phases: (r: LongTaskRecord) => PhaseTasks[]) => {
      const all = long.flatMap(phases);
      const count = all.reduce((sum, phase) => sum + phase.count, 0);
      const longest = Math.max(0, ...all.map((phase) => phase.longestMs));
      aims.push({
        aim: `${messages.toLocaleString("en-US")}-message conversation ${name}: no main-thread task over 50 ms`,
        value: `${count} tasks over 50 ms in ${long.length} opens; longest ${longest > 0 ? `${longest.toFixed(0)} ms` : "none"}`,
        met: count === 0,
      });
    };
    check("opened and scrolled at a fast wheel's speed", (r) => [r.open, r.wheelUp]);
    check("flung top to bottom (a screen per frame)", (r) => [r.scrollUp, r.scrollDown]);
  }
  return aims;
}

/** Markdown tables of the run (min / median / max unless the header says otherwise), for BENCHMARKS.md. */
export function formatAppTables(figures: AppBenchFigures, messages: number): string {
  const lines: string[] = [];
  if (figures.sizes.length > 0) {
    lines.push(
      "| first screen | files | JS kB | CSS kB | inline kB | raw kB | gzip kB | brotli kB | gzip vs MultiClaw |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    const oursGzip =
      figures.sizes.find((entry) => entry.system === "multiclaw")?.size.total.gzip ?? Number.NaN;
    for (const { system, size } of figures.sizes) {
      const of = (kind: string) =>
        size.files.filter((f) => f.kind === kind).reduce((sum, f) => sum + f.bytes, 0);
      lines.push(
        `| ${system} | ${size.files.length} | ${kB(of("js"))} | ${kB(of("css"))} | ${kB(of("inline"))} | ${kB(size.total.bytes)} | ` +
          `${kB(size.total.gzip)} | ${kB(size.total.brotli)} | ${ratio(size.total.gzip, oursGzip)} |`,
      );
    }
  }
  if (figures.launches.length > 0) {
    const of = (pick: (l: LaunchRecord) => number) => spread(figures.launches.map(pick));
    const interactive = of((l) => l.interactiveMs);
    const baseline = of((l) => l.staticPageLoadMs);
    lines.push(
      "",
      "| launch (cold context, fresh link) | interactive chat ms | + next frame ms | first contentful paint ms | DOMContentLoaded ms | static file of the gateway, load ms (baseline) | ratio of medians | JS + CSS received by then kB | JS + CSS fetched kB | load average |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      `| ${figures.launches.length} launches${failures(figures.launches)} | ${range(interactive, 0)} | ${range(
        of((l) => l.interactiveFrameMs),
        0,
      )} | ` +
        `${range(
          of((l) => l.firstContentfulPaintMs),
          0,
        )} | ${range(
          of((l) => l.domContentLoadedMs),
          0,
        )} | ${range(baseline, 0)} | ` +
        `${ratio(interactive.median, baseline.median)} | ${kB(of((l) => l.assetBytesBeforeInteractive).median)} | ${kB(of((l) => l.assetBytes).median)} | ${range(
          of((l) => l.loadAverage),
          2,
        )} |`,
    );
  }
  if (figures.tokens.length > 0) {
    const all = (pick: (t: TokenTrialRecord) => number[]) => percentiles(figures.tokens.flatMap(pick));
    const row = (name: string, p: ReturnType<typeof percentiles>) =>
      `| ${name} | ${p.p50.toFixed(2)} | ${p.p99.toFixed(2)} | ${p.max.toFixed(2)} | ${p.count} |`;
    const clock = spread(figures.tokens.map((t) => t.clockUncertaintyMs));
    lines.push(
      "",
      "| token → text (per chunk) | p50 ms | p99 ms | max ms | chunks |",
      "|---|---:|---:|---:|---:|",
      row(
        "tap → Node WebSocket client of the gateway (baseline)",
        all((t) => t.gatewayMs),
      ),
      row(
        "tap → text in the App's DOM",
        all((t) => t.pageMs),
      ),
      row(
        "added by the page (client → DOM, chunk by chunk)",
        all((t) => t.addedMs),
      ),
      "",
      `Missing chunks: ${figures.tokens.reduce((sum, t) => sum + t.missing, 0)}; clock handshake ± ${range(clock, 2)} ms; ` +
        `load average ${range(spread(figures.tokens.map((t) => t.loadAverage)), 2)}.`,
    );
  }
  if (figures.longTasks.length > 0) {
    lines.push(
      "",
      "| conversation | opens | open ms (click → drawn at its end) | tasks > 50 ms: open | fling up | fling down | wheel up | longest task ms, open + wheel | longest task ms, fling | longest frame ms, wheel | longest frame ms, fling | fling frames up / down | App boot before it: tasks > 50 ms, longest ms | load average |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const size of [...new Set(figures.longTasks.map((r) => r.messages))].sort((a, b) => a - b)) {
      const records = figures.longTasks.filter((r) => r.messages === size);
      const of = (pick: (r: LongTaskRecord) => number) => spread(records.map(pick));
      const frames = `${of((r) => r.scrollUp.frames).median.toFixed(0)} / ${of((r) => r.scrollDown.frames).median.toFixed(0)}`;
      const boot = `${of((r) => r.boot.count).median.toFixed(0)}, ${of((r) => r.boot.longestMs).median.toFixed(0)}`;
      const cells = [
        `${size.toLocaleString("en-US")} messages${size === messages ? "" : " (baseline)"}`,
        String(records.length),
        range(
          of((r) => r.openMs),
          0,
        ),
        range(
          of((r) => r.open.count),
          0,
        ),
        range(
          of((r) => r.scrollUp.count),
          0,
        ),
        range(
          of((r) => r.scrollDown.count),
          0,
        ),
        range(
          of((r) => r.wheelUp.count),
          0,
        ),
        range(
          of((r) => Math.max(r.open.longestMs, r.wheelUp.longestMs)),
          0,
        ),
        range(
          of((r) => Math.max(r.scrollUp.longestMs, r.scrollDown.longestMs)),
          0,
        ),
        range(
          of((r) => r.wheelUp.longestFrameMs),
          1,
        ),
        range(
          of((r) => Math.max(r.scrollUp.longestFrameMs, r.scrollDown.longestFrameMs)),
          1,
        ),
        frames,
        boot,
        range(
          of((r) => r.loadAverage),
          2,
        ),
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
  }
  const aims = aimsOf(figures, messages);
  if (aims.length > 0) {
    lines.push("", "| aim | this run | met |", "|---|---|---|");
    for (const aim of aims) lines.push(`| ${aim.aim} | ${aim.value} | ${met(aim.met)} |`);
  }
  return lines.join("\n");
}
