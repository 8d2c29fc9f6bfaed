import { readdir, readFile } from "node:fs/promises";
import { residentBytes } from "../fanout/process-memory.ts";

/**
 * The parent pid from the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so the fields are counted from the last ")".
 */
export function parentPidOfStat(stat: string): number {
  const end = stat.lastIndexOf(")");
  const fields = stat.slice(end + 2).split(" ");
  // After the name: state, ppid, …
  const ppid = Number(fields[1]);
  if (end < 0 || !Number.isInteger(ppid))
    throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return ppid;
}

/** `root` and every process below it, given each process's parent; root first, then breadth first. */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree = [root];
  for (let index = 0; index < tree.length; index++) {
    for (const child of children.get(tree[index] as number) ?? []) {
      if (!tree.includes(child)) tree.push(child);
    }
  }
  return tree;
}

/** The parent of every process on the machine right now (Linux /proc); processes that vanish are skipped. */
async function parentsNow(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  const entries = await readdir("/proc");
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => null);
        if (stat) parents.set(Number(name), parentPidOfStat(stat));
      }),
  );
  return parents;
}

/** The pids of `root` and its descendants (workers, brokers, MCP servers…). */
export async function processTree(root: number): Promise<number[]> {
  return descendantsOf(root, await parentsNow());
}

/** Resident memory of a process and of its whole tree (bytes; shared pages count once per process). */
export interface TreeMemory {
  mainBytes: number;
  treeBytes: number;
  processes: number;
  /** Each process of the tree: its command line (shortened) and resident bytes. */
  members: { command: string; bytes: number }[];
}

/** The command line of a process, arguments joined by spaces, cut to `limit` characters ("" once it is gone). */
async function commandOf(pid: number, limit = 160): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return raw.split("\0").filter(Boolean).join(" ").slice(0, limit);
}

export async function treeResidentBytes(root: number): Promise<TreeMemory> {
  const pids = await processTree(root);
  const sizes = await Promise.all(pids.map((pid) => residentBytes(pid).catch(() => 0)));
  const commands = await Promise.all(pids.map((pid) => commandOf(pid)));
  return {
    mainBytes: sizes[0] ?? 0,
    treeBytes: sizes.reduce((sum, size) => sum + size, 0),
    processes: sizes.filter((size) => size > 0).length,
    members: pids
      .map((_, index) => ({ command: commands[index] ?? "", bytes: sizes[index] ?? 0 }))
      .filter((member) => member.bytes > 0),
  };
}
