import { readFile } from "node:fs/promises";

/** The parts of a V8 CPU profile (`node --cpu-prof`) this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  /** µs on the monotonic clock. */
  startTime: number;
  samples: number[];
  /** µs between consecutive samples (the first is relative to startTime). */
  timeDeltas: number[];
}

/** Where a sampled function's code comes from, coarse enough to act on (a package, a workspace, a Node area). */
export function originOf(callFrame: { functionName: string; url: string }): string {
  const { url, functionName } = callFrame;
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  // Node's own modules by area: node:internal/webstreams/readablestream → node:internal/webstreams.
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage?.[1]) return inPackage[1];
  const inRepository = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (inRepository) return `${inRepository[1]}/${inRepository[2]}`;
  return url;
}

/**
 * Self time (ms) per origin of the samples taken between `fromUs` and `toUs` (monotonic µs), busiest first.
 * Each sample is charged the interval until the next one.
 */
export function selfTimeByOrigin(profile: CpuProfile, fromUs: number, toUs: number): [string, number][] {
  const originOfNode = new Map(profile.nodes.map((node) => [node.id, originOf(node.callFrame)]));
  const totals = new Map<string, number>();
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    at += profile.timeDeltas[index] ?? 0;
    const next = at + (profile.timeDeltas[index + 1] ?? 0);
    if (at < fromUs || at > toUs) continue;
    const origin = originOfNode.get(profile.samples[index] as number) ?? "(unknown)";
    totals.set(origin, (totals.get(origin) ?? 0) + (next - at) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export async function readCpuProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, "utf8")) as CpuProfile;
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
export async function cpuTimeMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the name: state(0) … utime(11) stime(12), in ticks of 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
