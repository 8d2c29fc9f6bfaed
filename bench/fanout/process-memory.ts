import { readFile } from "node:fs/promises";
import { sleep } from "./clock.ts";
import type { ServerMemory } from "./systems/server-process.ts";

/** Resident set size of a process in bytes, from /proc/<pid>/status (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** A settled memory reading; `stable` is false when RSS never held still within the time allowed. */
export interface SettledMemory {
  rss: number;
  heapUsed: number;
  stable: boolean;
}

/**
 * Memory once the server has settled: every `intervalMs` it forces a full garbage collection and reads the
 * figures, until at least `minSamples` were taken and the RSS of the last `window` lie within `toleranceBytes`
 * of each other (or `maxWaitMs` passes); returns the median RSS of that window. Repeated and spaced: V8 gives a
 * grown young generation back only a few collections after activity stops (~30 MB at once here), and a
 * reading taken before that would be charged to the connections.
 */
export async function settledMemory(
  read: () => Promise<ServerMemory>,
  options: {
    intervalMs?: number;
    minSamples?: number;
    window?: number;
    toleranceBytes?: number;
    maxWaitMs?: number;
  } = {},
): Promise<SettledMemory> {
  const intervalMs = options.intervalMs ?? 2000;
  const minSamples = options.minSamples ?? 8;
  const window = options.window ?? 5;
  const toleranceBytes = options.toleranceBytes ?? 2 * 2 ** 20;
  const deadline = Date.now() + (options.maxWaitMs ?? 90_000);
  const samples: ServerMemory[] = [];
  for (;;) {
    await sleep(intervalMs);
    samples.push(await read());
    const recent = samples.slice(-window).map((sample) => sample.rss);
    const stable =
      samples.length >= minSamples && Math.max(...recent) - Math.min(...recent) <= toleranceBytes;
    if (stable || Date.now() > deadline) {
      const sorted = [...recent].sort((a, b) => a - b);
      const last = samples[samples.length - 1] as ServerMemory;
      return { rss: sorted[Math.floor(sorted.length / 2)] as number, heapUsed: last.heapUsed, stable };
    }
  }
}

/** The soft open-file limit of this process (what `ulimit -n` shows), from /proc/self/limits. */
export async function openFileLimit(): Promise<number> {
  const limits = await readFile("/proc/self/limits", "utf8");
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  if (!match || match[1] === "unlimited") return Number.POSITIVE_INFINITY;
  return Number(match[1]);
}
