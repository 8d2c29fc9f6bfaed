import { fileURLToPath } from "node:url";

const preload = fileURLToPath(new URL("./server-preload.cjs", import.meta.url));

/**
 * Node flags every server under test starts with: a garbage collection on SIGUSR2 (see server-preload.cjs) and
 * an exit when the bench is gone.
 */
export const serverNodeFlags: readonly string[] = ["--expose-gc", "--require", preload];

/** Asks a server started with `serverNodeFlags` for a full garbage collection. */
export function collectGarbage(pid: number): void {
  process.kill(pid, "SIGUSR2");
}
