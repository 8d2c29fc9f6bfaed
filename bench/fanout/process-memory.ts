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
 * RSS once the process has settled: calls `collect` (a forced garbage collection), then samples every
 * `intervalMs` until the last `window` samples lie within `toleranceBytes` of each other (or `maxWaitMs`
 * passes) and returns their median, so a reading caught in the middle of a collection or a database
 * checkpoint does not decide the figure.
 */
export async function settledResidentBytes(
  pid: number,
  options: {
    collect?: () => void;
    intervalMs?: number;
    window?: number;
    toleranceBytes?: number;
    maxWaitMs?: number;
  } = {},
): Promise<SettledMemory> {
  const intervalMs = options.intervalMs ?? 500;
  const window = options.window ?? 6;
  const toleranceBytes = options.toleranceBytes ?? 2 * 2 ** 20;
  const deadline = Date.now() + (options.maxWaitMs ?? 30_000);
  const samples: number[] = [];
  // Twice: the first collection can leave objects whose finalisers free more on the second.
  options.collect?.();
  await sleep(intervalMs);
  options.collect?.();
  for (;;) {
    await sleep(intervalMs);
    samples.push(await residentBytes(pid));
    const recent = samples.slice(-window);
    const stable = recent.length === window && Math.max(...recent) - Math.min(...recent) <= toleranceBytes;
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
