/**
 * Paired A/B of ways to launch our gateway, same machine, same minutes (ours only; run.ts compares with OpenClaw).
 *   1. cold starts: variants alternate start by start (order swapped every round), each read for idle memory
 *      after --idle-seconds: process-tree RSS, and the main process's anonymous and file-backed share
 *      (/proc/<pid>/smaps_rollup);
 *   2. turns: one gateway per variant, all started, warm-up turns, then timed turns alternating between them,
 *      each paired with the replay of its provider request (overhead = turn − replay, as run.ts), plus the
 *      gateway's CPU time over the timed turns; then streamed answers alternating (token → client).
 * Every variant gets the environment of apps/gateway/bin/process-env.json, as `multiclaw gateway start` does.
 * Usage: npx tsx bench/gateway/paired.ts --node PATH --variant 'name|node args|ENV=V ENV2=V' --variant …
 *   [--starts 5] [--idle-seconds 25] [--turns 20] [--warm-up-turns 5] [--token-trials 5] [--concurrent]
 * --concurrent starts every variant's gateway of a round at once (a quick memory screen; ready times then mean
 * little). Variant names must differ; node args and environment are space-separated and may be empty.
 */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { sleep } from "../fanout/clock.ts";
import { spread } from "../fanout/stats.ts";
import { cpuTimeMs } from "./anatomy/cpu-profile.ts";
import { createBaselines } from "./baselines.ts";
import { startBenchCloud } from "./cloud.ts";
import type { RunningGateway } from "./gateway-system.ts";
import { createMultiClawSystem, type GatewayLaunch, gatewayLauncher } from "./multiclaw-system.ts";
import { treeResidentBytes } from "./process-tree.ts";
import { startStandinTap } from "./standin-tap.ts";
import { markerChunks, markerLatencies, markerOf } from "./token-markers.ts";

const { values } = parseArgs({
  options: {
    node: { type: "string", default: process.execPath },
    variant: { type: "string", multiple: true, default: [] },
    starts: { type: "string", default: "5" },
    "idle-seconds": { type: "string", default: "25" },
    turns: { type: "string", default: "20" },
    "warm-up-turns": { type: "string", default: "5" },
    "token-trials": { type: "string", default: "5" },
    concurrent: { type: "boolean", default: false },
    out: { type: "string" },
    "smaps-dir": { type: "string" },
    "inspect-command": { type: "string" },
  },
});
const log = (line: string) => console.log(line);
const MiB = 2 ** 20;
const processEnv = JSON.parse(
  await readFile(fileURLToPath(import.meta.resolve("@multiclaw/gateway/process-env")), "utf8"),
) as Record<string, string>;

interface Variant {
  name: string;
  launch: GatewayLaunch;
}

const variants: Variant[] = (values.variant as string[]).map((spec) => {
  const [name = "", args = "", env = ""] = spec.split("|");
  const words = (text: string) => text.split(" ").filter(Boolean);
  const extraEnv = Object.fromEntries(
    words(env).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  return {
    name,
    launch: {
      label: name,
      command: values.node as string,
      args: [...words(args), gatewayLauncher],
      env: { ...processEnv, ...extraEnv },
    },
  };
});
if (variants.length === 0) throw new Error("no --variant given");
const variantAt = (index: number) => variants[index] as Variant;

/** The main process's anonymous and file-backed resident memory (/proc/<pid>/smaps_rollup), MiB. */
async function rollup(pid: number): Promise<{ anon: number; file: number }> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, "utf8");
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) / 1024;
  return { anon: field("Anonymous"), file: field("Rss") - field("Anonymous") };
}

const fmt = (values: number[], digits = 1) => {
  const s = spread(values);
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
};

const llm = await startLlmStandin({ defaultTurn: { type: "text", text: "ok" }, record: false });
const tap = await startStandinTap(llm.origin);
const baselines = createBaselines(tap.origin);
log(
  `load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; node ${values.node}`,
);
const cloud = await startBenchCloud(undefined);
const systems = variants.map(() =>
  createMultiClawSystem({ cloudUrl: () => cloud.url, llmOrigin: tap.origin, pollMs: 10, node: values.node }),
);
type StartRecord = {
  variant: string;
  round: number;
  readyMs: number;
  tree: number;
  anon: number;
  file: number;
};
const starts: StartRecord[] = [];
type Work = { overhead: number[]; turn: number[]; cpuPerTurn: number; tokens: number[] };
const turnsOf = new Map<string, Work>();
const workOf = (name: string): Work => {
  let work = turnsOf.get(name);
  if (!work) {
    work = { overhead: [], turn: [], cpuPerTurn: 0, tokens: [] };
    turnsOf.set(name, work);
  }
  return work;
};
try {
  for (const system of systems) await system.prepare(log);
  const idleMs = Number(values["idle-seconds"]) * 1000;

  const measureStart = async (index: number, round: number, gateway: RunningGateway) => {
    await sleep(idleMs);
    const tree = await treeResidentBytes(gateway.pid);
    const { anon, file } = await rollup(gateway.pid);
    const record = {
      variant: (variants[index] as Variant).name,
      round,
      readyMs: gateway.coldStart.readyMs,
      tree: tree.treeBytes / MiB,
      anon,
      file,
    };
    starts.push(record);
    if (values["smaps-dir"])
      await writeFile(
        `${values["smaps-dir"]}/${record.variant}-${round}.smaps`,
        await readFile(`/proc/${gateway.pid}/smaps`, "utf8"),
      );
    log(
      `[${record.variant} start ${round}] ready ${record.readyMs.toFixed(0)} ms; idle tree ${record.tree.toFixed(1)} MiB ` +
        `(anon ${anon.toFixed(1)}, file ${file.toFixed(1)}; ${tree.processes} processes); load ${loadavg()[0]?.toFixed(2)}`,
    );
    if (values["inspect-command"]) {
      const [command = "", ...args] = (values["inspect-command"] as string).split(" ");
      log(spawnSync(command, [...args, String(gateway.pid)], { encoding: "utf8" }).stdout);
    }
    await gateway.stop();
  };

  for (let round = 1; round <= Number(values.starts); round++) {
    const order = variants.map((_, index) => index);
    if (round % 2 === 0) order.reverse();
    if (values.concurrent) {
      const started = await Promise.all(
        order.map((index) => (systems[index] as (typeof systems)[number]).startWith(variantAt(index).launch)),
      );
      await Promise.all(started.map((gateway, at) => measureStart(order[at] as number, round, gateway)));
    } else {
      for (const index of order) {
        const gateway = await (systems[index] as (typeof systems)[number]).startWith(variantAt(index).launch);
        await measureStart(index, round, gateway);
      }
    }
  }

  const turns = Number(values.turns);
  if (turns > 0) {
    const running = [];
    for (const [index, system] of systems.entries())
      running.push(await system.startWith(variantAt(index).launch));
    try {
      const turn = async (gateway: RunningGateway) => {
        const { sentAt, doneAt } = await gateway.turn();
        const captured = tap.lastRequest();
        if (!captured) throw new Error("no provider request");
        const replayMs = await baselines.replay(captured);
        return { turnMs: doneAt - sentAt, replayMs };
      };
      for (let warm = 0; warm < Number(values["warm-up-turns"]); warm++)
        for (const gateway of running) await turn(gateway);
      const cpuBefore = await Promise.all(running.map((gateway) => cpuTimeMs(gateway.pid)));
      for (const variant of variants)
        turnsOf.set(variant.name, { overhead: [], turn: [], cpuPerTurn: 0, tokens: [] });
      for (let index = 0; index < turns; index++) {
        const order = running.map((_, at) => at);
        if (index % 2 === 1) order.reverse();
        for (const at of order) {
          const { turnMs, replayMs } = await turn(running[at] as RunningGateway);
          const record = workOf(variantAt(at).name);
          record.turn.push(turnMs);
          record.overhead.push(turnMs - replayMs);
        }
      }
      const cpuAfter = await Promise.all(running.map((gateway) => cpuTimeMs(gateway.pid)));
      for (const [at, variant] of variants.entries())
        workOf(variant.name).cpuPerTurn = ((cpuAfter[at] as number) - (cpuBefore[at] as number)) / turns;
      for (let trial = 1; trial <= Number(values["token-trials"]); trial++) {
        const order = running.map((_, at) => at);
        if (trial % 2 === 0) order.reverse();
        for (const at of order) {
          const chunks = markerChunks(trial * 10 + at, 20);
          const markers = chunks.map(markerOf);
          llm.reset();
          llm.enqueue({ type: "text", text: chunks, chunkDelayMs: 25 });
          const sent = tap.watch(markers);
          const received = await (running[at] as RunningGateway).streamedTurn(markers);
          tap.watch([]);
          workOf(variantAt(at).name).tokens.push(...markerLatencies(markers, sent, received).latencies);
        }
      }
      for (const [at, gateway] of running.entries()) {
        const tree = await treeResidentBytes(gateway.pid);
        log(`[${variantAt(at).name}] RSS after the turns ${(tree.treeBytes / MiB).toFixed(1)} MiB`);
      }
    } finally {
      for (const gateway of running) await gateway.stop();
    }
  }
} finally {
  for (const system of systems) await system.dispose().catch(() => {});
  baselines.close();
  await tap.close();
  await llm.close();
  await cloud.close();
}

log(
  `\nload average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
log(
  "| variant | ready ms | idle RSS, tree MiB | anonymous MiB | file-backed MiB | overhead ms | turn ms | CPU per turn ms | token p50 ms |",
);
log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const variant of variants) {
  const mine = starts.filter((start) => start.variant === variant.name);
  const work = turnsOf.get(variant.name);
  log(
    `| ${variant.name} | ${fmt(
      mine.map((s) => s.readyMs),
      0,
    )} | ${fmt(mine.map((s) => s.tree))} | ${fmt(mine.map((s) => s.anon))} | ${fmt(mine.map((s) => s.file))} | ` +
      (work
        ? `${fmt(work.overhead, 2)} | ${fmt(work.turn, 2)} | ${work.cpuPerTurn.toFixed(2)} | ${spread(work.tokens).median.toFixed(2)} |`
        : "| | | |"),
  );
  log(`    idle tree each start: ${mine.map((s) => s.tree.toFixed(1)).join(", ")}`);
}
if (values.out)
  await writeFile(
    values.out,
    `${JSON.stringify({ variants, starts, turns: Object.fromEntries(turnsOf) }, null, 2)}\n`,
  );
