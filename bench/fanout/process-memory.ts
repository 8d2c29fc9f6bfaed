import { readFile } from "node:fs/promises";
import { sleep } from "./clock.ts";

/** Resident set size of a process in bytes, from /proc/<pid>/status (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** A settled RSS reading; `stable` is false when the process never held still within the time allowed. */
export interface SettledMemory {
  bytes: number;
  stable: boolean;
}

/**
 * RSS once the process has settled: every `intervalMs` it calls `collect` (a forced full garbage collection)
 * and takes a sample, until at least `minSamples` were taken and the last `window` lie within
 * `toleranceBytes` of each other (or `maxWaitMs` passes); returns the median of that window. Repeated: V8
 * hands freed pages back to the system only over several collections (about 10 s after start-up, a Cloud
 * process still drops ~30 MB), and a reading taken before that would be charged to the connections.
 */
export async function settledResidentBytes(
  pid: number,
  options: {
    collect?: () => void;
    intervalMs?: number;
    minSamples?: number;
    window?: number;
    toleranceBytes?: number;
    maxWaitMs?: number;
  } = {},
): Promise<SettledMemory> {
  const intervalMs = options.intervalMs ?? 1000;
  const minSamples = options.minSamples ?? 12;
  const window = options.window ?? 6;
  const toleranceBytes = options.toleranceBytes ?? 2 ** 20;
  const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
  const samples: number[] = [];
  for (;;) {
    options.collect?.();
    await sleep(intervalMs);
    samples.push(await residentBytes(pid));
    const recent = samples.slice(-window);
    const stable =
      samples.length >= minSamples && Math.max(...recent) - Math.min(...recent) <= toleranceBytes;
    if (stable || Date.now() > deadline) {
      const sorted = [...recent].sort((a, b) => a - b);
      return { bytes: sorted[Math.floor(sorted.length / 2)] as number, stable };
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
