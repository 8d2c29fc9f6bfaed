import { readFile } from "node:fs/promises";

/** What /proc/<pid>/status says about a process's memory and threads (bytes; Linux). */
export interface StatusMemory {
  rss: number;
  /** Anonymous memory: heaps (V8's included), stacks, malloc. */
  rssAnon: number;
  /** Pages mapped from files — the node binary, shared libraries, native addons — shared with other processes. */
  rssFile: number;
  threads: number;
}

/** Parses the text of /proc/<pid>/status. */
export function parseStatusMemory(status: string): StatusMemory {
  const kib = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, "m").exec(status);
    if (!match) throw new Error(`no ${name} in /proc/<pid>/status`);
    return Number(match[1]) * 1024;
  };
  const threads = /^Threads:\s+(\d+)$/m.exec(status);
  return {
    rss: kib("VmRSS"),
    rssAnon: kib("RssAnon"),
    rssFile: kib("RssFile"),
    threads: Number(threads?.[1] ?? 0),
  };
}

export async function statusMemory(pid: number): Promise<StatusMemory> {
  return parseStatusMemory(await readFile(`/proc/${pid}/status`, "utf8"));
}
