import { readdir, readFile } from "node:fs/promises";

/** The processes started, directly or not, by `pid` (Linux /proc), with their command lines. */
export async function descendantsOf(pid: number): Promise<{ pid: number; commandLine: string }[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // A zombie has ended; only its exit status is left for the parent to collect.
    if (state !== "Z" && Number.isInteger(Number(parent))) parents.set(Number(entry), Number(parent));
  }
  const found: { pid: number; commandLine: string }[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of parents) {
      if (parent !== current) continue;
      const commandLine = (await readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "")).replaceAll(
        "\0",
        " ",
      );
      found.push({ pid: child, commandLine });
      queue.push(child);
    }
  }
  return found;
}
