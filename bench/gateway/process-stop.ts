import type { ChildProcess } from "node:child_process";
import { sleep } from "../fanout/clock.ts";
import { stopProcess } from "../fanout/systems/child-process.ts";
import { processTree } from "./process-tree.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a gateway the bench started and whatever it started: SIGTERM to the process (SIGKILL after
 * `graceMs`), then SIGKILL to any of its own children — the pids seen under it before the stop — still alive
 * a moment later. Only those pids are touched.
 */
export async function stopProcessTree(child: ChildProcess, graceMs: number): Promise<void> {
  const descendants = child.pid === undefined ? [] : (await processTree(child.pid)).slice(1);
  await stopProcess(child, graceMs);
  const deadline = Date.now() + 3000;
  while (descendants.some(alive) && Date.now() < deadline) await sleep(100);
  for (const pid of descendants.filter(alive)) process.kill(pid, "SIGKILL");
}
