/**
 * What our gateway's cold start and idle memory are made of (ours only; the comparison with OpenClaw is run.ts).
 *   - floors: a bare `node -e 0`, and the same with tsx's loader registered;
 *   - the module graph the gateway loads at start (esbuild's view of it: files and bytes per package);
 *   - importing the gateway module alone: through tsx with its transform cache warm and cold, and precompiled;
 *   - whole cold starts to connected-and-synced, interleaved, for four ways of launching the same sources:
 *     tsx (as shipped), tsx without its cache, a bundle of our sources (npm packages loaded from node_modules),
 *     and one bundle of everything (only the native libsql outside) — plus their idle memory;
 *   - per launch, the JS heap after a forced collection, beside resident memory (anonymous vs file-mapped);
 *   - where a chat turn's time goes: the gateway's CPU time per turn, and a CPU profile of the timed turns
 *     (main thread) by origin.
 * Usage: npx tsx bench/gateway/anatomy.ts [--trials 5] [--idle-seconds 10] [--turns 100] [--database-url URL]
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { monotonicMs, sleep } from "../fanout/clock.ts";
import { describeMachine } from "../fanout/machine.ts";
import { type Spread, spread } from "../fanout/stats.ts";
import { type BundleScope, bundleGateway, inputBytesByOrigin } from "./anatomy/bundles.ts";
import { cpuTimeMs, readCpuProfile, selfTimeByOrigin } from "./anatomy/cpu-profile.ts";
import { type StatusMemory, statusMemory } from "./anatomy/status-memory.ts";
import { startBenchCloud } from "./cloud.ts";
import {
  createMultiClawSystem,
  type GatewayLaunch,
  gatewayMain,
  type MultiClawSystem,
  tsxLaunch,
} from "./multiclaw-system.ts";
import { treeResidentBytes } from "./process-tree.ts";
import { startStandinTap } from "./standin-tap.ts";

const here = fileURLToPath(new URL("./", import.meta.url));
const importProbe = join(here, "anatomy", "import-probe.mjs");
const memoryPreload = join(here, "anatomy", "memory-preload.cjs");
const buildDir = fileURLToPath(new URL("../.results/gateway-anatomy-build/", import.meta.url));
/** The module that composes the gateway (main.ts imports it, then starts it). */
const gatewayModule = fileURLToPath(new URL("../../apps/gateway/src/gateway.ts", import.meta.url));
const tsxLoader = import.meta.resolve("tsx");
const MiB = 2 ** 20;
const log = (line: string) => console.log(line);

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "5" },
    "idle-seconds": { type: "string", default: "10" },
    turns: { type: "string", default: "100" },
    "database-url": { type: "string" },
  },
});
const trials = Number(values.trials);
const idleSeconds = Number(values["idle-seconds"]);
const profiledTurns = Number(values.turns);

/** Runs a command to its end; resolves with the wall time (ms) and what it printed. */
function timedRun(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const startedAt = monotonicMs();
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => {
      if (code === 0) resolve({ ms: monotonicMs() - startedAt, stdout });
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

const f0 = (value: Spread, scale = 1) =>
  value.runs === 0
    ? "—"
    : `${(value.min / scale).toFixed(0)} / ${(value.median / scale).toFixed(0)} / ${(value.max / scale).toFixed(0)}`;
const f1 = (value: Spread, scale = 1) =>
  value.runs === 0
    ? "—"
    : `${(value.min / scale).toFixed(1)} / ${(value.median / scale).toFixed(1)} / ${(value.max / scale).toFixed(1)}`;

async function floors(): Promise<string[]> {
  const bare: number[] = [];
  const withTsx: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    bare.push((await timedRun(process.execPath, ["-e", "0"])).ms);
    withTsx.push((await timedRun(process.execPath, ["--import", tsxLoader, "-e", "0"])).ms);
  }
  // The memory floor: an idle Node process with one HTTP server listening, with and without tsx's loader.
  const idleServer = "require('node:http').createServer().listen(0, '127.0.0.1'); setInterval(() => {}, 1e6)";
  const floorRss = async (args: string[]) => {
    const child = spawn(process.execPath, [...args, "-e", idleServer], { stdio: "ignore" });
    await sleep(Math.max(2, idleSeconds) * 1000);
    const memory = await statusMemory(child.pid as number);
    child.kill("SIGKILL");
    return memory;
  };
  const plainFloor = await floorRss([]);
  const tsxFloor = await floorRss(["--import", tsxLoader]);
  const mib = (bytes: number) => (bytes / MiB).toFixed(1);
  return [
    "| process | spawn → exit ms | idle RSS with one HTTP server listening MiB (anonymous / file-mapped) |",
    "|---|---:|---:|",
    `| \`node -e 0\` | ${f0(spread(bare))} | ${mib(plainFloor.rss)} (${mib(plainFloor.rssAnon)} / ${mib(plainFloor.rssFile)}) |`,
    `| \`node --import tsx -e 0\` | ${f0(spread(withTsx))} | ${mib(tsxFloor.rss)} (${mib(tsxFloor.rssAnon)} / ${mib(tsxFloor.rssFile)}) |`,
  ];
}

async function imports(bundles: Record<BundleScope, string>): Promise<string[]> {
  const variants: { label: string; args: string[]; env?: Record<string, string> }[] = [
    { label: "tsx, transform cache warm", args: ["--import", tsxLoader, importProbe, gatewayModule] },
    {
      label: "tsx, no transform cache (TSX_DISABLE_CACHE=1)",
      args: ["--import", tsxLoader, importProbe, gatewayModule],
      env: { TSX_DISABLE_CACHE: "1" },
    },
    { label: "plain node, our sources precompiled", args: [importProbe, bundles["our-sources"]] },
    { label: "plain node, one bundle of everything", args: [importProbe, bundles.everything] },
  ];
  const results = variants.map(() => ({
    toScript: [] as number[],
    importMs: [] as number[],
    wall: [] as number[],
  }));
  for (let trial = 0; trial < trials; trial++) {
    for (const [index, variant] of variants.entries()) {
      const run = await timedRun(process.execPath, variant.args, variant.env);
      const probe = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as {
        toScriptMs: number;
        importMs: number;
      };
      const result = results[index] as (typeof results)[number];
      result.toScript.push(probe.toScriptMs);
      result.importMs.push(probe.importMs);
      result.wall.push(run.ms);
    }
  }
  return [
    "| importing apps/gateway/src/gateway.ts | process start → script ms | import ms | spawn → exit ms |",
    "|---|---:|---:|---:|",
    ...variants.map((variant, index) => {
      const result = results[index] as (typeof results)[number];
      return `| ${variant.label} | ${f0(spread(result.toScript))} | ${f0(spread(result.importMs))} | ${f0(spread(result.wall))} |`;
    }),
  ];
}

async function readJsHeap(
  pid: number,
  reportFile: string,
): Promise<{ heapUsed: number; heapTotal: number; external: number; rss: number }> {
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 10_000;
  for (;;) {
    await sleep(50);
    const text = await readFile(reportFile, "utf8").catch(() => "");
    try {
      return JSON.parse(text) as { heapUsed: number; heapTotal: number; external: number; rss: number };
    } catch {}
    if (Date.now() > deadline) throw new Error(`gateway ${pid} wrote no memory report`);
  }
}

/** CPU time per turn and a CPU profile of the timed turns, by origin (our gateway as shipped, with tsx). */
async function turnProfile(system: MultiClawSystem): Promise<string[]> {
  const profileDir = join(buildDir, "profile");
  const launch = tsxLaunch();
  const gateway = await system.startWith({
    ...launch,
    label: "tsx with --cpu-prof",
    args: ["--cpu-prof", "--cpu-prof-dir", profileDir, ...launch.args],
  });
  const durations: number[] = [];
  let from = 0;
  let to = 0;
  let cpuMs = 0;
  try {
    for (let turn = 0; turn < 5; turn++) await gateway.turn();
    const cpuBefore = await cpuTimeMs(gateway.pid);
    from = monotonicMs();
    for (let turn = 0; turn < profiledTurns; turn++) {
      const times = await gateway.turn();
      durations.push(times.doneAt - times.sentAt);
    }
    to = monotonicMs();
    cpuMs = (await cpuTimeMs(gateway.pid)) - cpuBefore;
  } finally {
    // SIGTERM: the gateway exits through process.exit, and Node writes the profile on the way out.
    await gateway.stop();
  }
  const [file] = await readdir(profileDir);
  if (!file) return ["(no CPU profile was written)"];
  const profile = await readCpuProfile(join(profileDir, file));
  // V8's profile clock and process.hrtime are both CLOCK_MONOTONIC on Linux: the turns' window applies as is.
  const origins = selfTimeByOrigin(profile, from * 1000, to * 1000);
  const sampled = origins.reduce((sum, [, ms]) => sum + ms, 0);
  const perTurn = (ms: number) => (ms / profiledTurns).toFixed(2);
  return [
    `${profiledTurns} chat turns through the local API (after 5 untimed): turn ${f1(spread(durations))} ms (min / median / max); ` +
      `the gateway process used ${perTurn(cpuMs)} ms of CPU per turn (all threads, /proc, 10 ms ticks); ` +
      `the main thread's profile covers ${perTurn(sampled)} ms per turn.`,
    "",
    "| origin (main-thread self time) | ms per turn |",
    "|---|---:|",
    ...origins.slice(0, 15).map(([origin, ms]) => `| ${origin} | ${perTurn(ms)} |`),
  ];
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(
    `gateway anatomy: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(" ")}`,
  );
  const output: string[] = [];

  output.push(...(await floors()));

  const bundles = {} as Record<BundleScope, string>;
  const mainBundles = {} as Record<BundleScope, string>;
  for (const scope of ["our-sources", "everything"] as const) {
    const library = await bundleGateway({ entry: gatewayModule, outDir: join(buildDir, "library"), scope });
    bundles[scope] = library.file;
    mainBundles[scope] = (
      await bundleGateway({ entry: gatewayMain, outDir: join(buildDir, "main"), scope })
    ).file;
    if (scope === "everything") {
      const groups = [...inputBytesByOrigin(library.metafile)].sort((a, b) => b[1].bytes - a[1].bytes);
      const total = groups.reduce((sum, [, group]) => sum + group.bytes, 0);
      const files = groups.reduce((sum, [, group]) => sum + group.files, 0);
      output.push(
        "",
        `Module graph of apps/gateway/src/gateway.ts (static imports, as esbuild bundles it): ${files} files, ${(total / MiB).toFixed(1)} MiB of source.`,
        "",
        "| origin | files | KiB |",
        "|---|---:|---:|",
        ...groups
          .slice(0, 20)
          .map(([name, group]) => `| ${name} | ${group.files} | ${(group.bytes / 1024).toFixed(0)} |`),
        `| (${Math.max(0, groups.length - 20)} more) | ${groups.slice(20).reduce((sum, [, g]) => sum + g.files, 0)} | ${(groups.slice(20).reduce((sum, [, g]) => sum + g.bytes, 0) / 1024).toFixed(0)} |`,
      );
    }
  }
  output.push("", ...(await imports(bundles)));

  const llm = await startLlmStandin({ defaultTurn: { type: "text", text: "ok" }, record: false });
  const tap = await startStandinTap(llm.origin);
  const cloud = await startBenchCloud(values["database-url"]);
  const system = createMultiClawSystem({ cloudUrl: () => cloud.url, llmOrigin: tap.origin, pollMs: 10 });
  try {
    await system.prepare(log);
    const launches: GatewayLaunch[] = [
      tsxLaunch(),
      { ...tsxLaunch(), label: "tsx, no transform cache", env: { TSX_DISABLE_CACHE: "1" } },
      { label: "our sources precompiled", command: process.execPath, args: [mainBundles["our-sources"]] },
      { label: "one bundle of everything", command: process.execPath, args: [mainBundles.everything] },
    ];
    const starts = launches.map(() => ({
      listening: [] as number[],
      ready: [] as number[],
      idle: [] as StatusMemory[],
      tree: [] as number[],
    }));
    for (let trial = 1; trial <= trials; trial++) {
      for (const [index, launch] of launches.entries()) {
        const gateway = await system.startWith(launch);
        try {
          await sleep(idleSeconds * 1000);
          const status = await statusMemory(gateway.pid);
          const tree = await treeResidentBytes(gateway.pid);
          const record = starts[index] as (typeof starts)[number];
          record.listening.push(gateway.coldStart.listeningMs);
          record.ready.push(gateway.coldStart.readyMs);
          record.idle.push(status);
          record.tree.push(tree.treeBytes);
          log(
            `[${launch.label} ${trial}] port open ${gateway.coldStart.listeningMs.toFixed(0)} ms, ready ${gateway.coldStart.readyMs.toFixed(0)} ms, ` +
              `idle RSS ${(tree.treeBytes / MiB).toFixed(1)} MiB (${tree.members.map((m) => m.command.split(" ")[0]?.split("/").at(-1)).join(", ")})`,
          );
        } finally {
          await gateway.stop();
        }
      }
    }
    output.push(
      "",
      `| launch | port open ms | connected and synced ms | listening → synced ms | idle RSS MiB (tree, after ${idleSeconds} s) | of it anonymous MiB | file-mapped MiB | threads |`,
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...launches.map((launch, index) => {
        const record = starts[index] as (typeof starts)[number];
        const synced = record.ready.map((ready, i) => ready - (record.listening[i] as number));
        return (
          `| ${launch.label} | ${f0(spread(record.listening))} | ${f0(spread(record.ready))} | ${f0(spread(synced))} | ` +
          `${f1(spread(record.tree), MiB)} | ${f1(spread(record.idle.map((m) => m.rssAnon)), MiB)} | ` +
          `${f1(spread(record.idle.map((m) => m.rssFile)), MiB)} | ${spread(record.idle.map((m) => m.threads)).median} |`
        );
      }),
    );

    // One more start per launch with the memory preload: the JS heap after a forced full collection.
    output.push(
      "",
      "| launch | RSS after forced GC MiB | JS heap used MiB | JS heap total MiB | external MiB | RSS − heap total − external MiB |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const launch of launches) {
      const reportFile = join(tmpdir(), `gateway-anatomy-${randomUUID()}.json`);
      const gateway = await system.startWith({
        ...launch,
        args: ["--expose-gc", "--require", memoryPreload, ...launch.args],
        env: { ...launch.env, BENCH_MEMORY_REPORT: reportFile },
      });
      try {
        await sleep(idleSeconds * 1000);
        const heap = await readJsHeap(gateway.pid, reportFile);
        const rest = heap.rss - heap.heapTotal - heap.external;
        output.push(
          `| ${launch.label} | ${(heap.rss / MiB).toFixed(1)} | ${(heap.heapUsed / MiB).toFixed(1)} | ${(heap.heapTotal / MiB).toFixed(1)} | ` +
            `${(heap.external / MiB).toFixed(1)} | ${(rest / MiB).toFixed(1)} |`,
        );
      } finally {
        await gateway.stop();
        await rm(reportFile, { force: true });
      }
    }

    output.push("", ...(await turnProfile(system)));
  } finally {
    await system.dispose();
    await tap.close();
    await llm.close();
    await cloud.close();
    await rm(buildDir, { recursive: true, force: true });
  }
  console.log(`\n${output.join("\n")}\n`);
  console.log("Figures are min / median / max over the trials.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
