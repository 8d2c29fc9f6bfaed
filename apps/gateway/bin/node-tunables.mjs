// @ts-check

/*
 * Process tunables that hold for one Node major only (decision 0012). On Node 24 the gateway idled at 93–102 MiB
 * where Node 20 holds 70–76 (issue 19 asks ≤ 80 MB on both): V8 13's optimising compilers and WebAssembly tier-up
 * touch ~11 MiB of the Node binary's code, its heap keeps a 16 MiB young generation, and a worker thread's malloc
 * arena keeps 8.7 MiB in about half of the starts. These settings take that away; on Node 24 they cost ~1 ms of
 * gateway CPU per warm turn (BENCHMARKS.md, 2026-12-07). They are V8 options and a glibc variable, both read
 * when the process starts, so the launcher replaces itself once (process.execve: same pid, same stdio) with a
 * Node that has them. Node 20 gets none: the compilers are what keeps its turns cheap, and the malloc setting
 * costs it 0.15–0.3 ms a turn (decision 0009). Other majors get none either until they are measured — a flag
 * a later V8 drops would stop the gateway from starting.
 */

/** @type {Readonly<Record<string, { args: readonly string[]; env: Readonly<Record<string, string>> }>>} */
export const tunablesByMajor = {
  24: {
    args: [
      // Interpreter and Sparkplug only: Maglev and Turbofan/Turboshaft are ~7.5 MiB of the binary's code.
      "--no-maglev",
      "--no-turbofan",
      // undici's HTTP parser (WebAssembly) stays on Liftoff: its tier-up touches another ~3.8 MiB of code.
      "--liftoff-only",
      // A small young generation (0.5 MiB resident instead of 16) and a heap that favours size.
      "--optimize-for-size",
      // One V8 worker thread, garbage collection on the main thread: fewer stacks and malloc arenas (~1 MiB).
      "--v8-pool-size=1",
      "--single-threaded-gc",
    ],
    // Allocations of 32 KiB and more in their own mappings, so a worker thread's arena cannot keep 8.7 MiB of
    // freed chunks pinned below a small live one (decision 0009). Overrides process-env.json's 131072.
    env: { MALLOC_MMAP_THRESHOLD_: "32768" },
  },
};

/**
 * What the launcher must exec to run with its Node major's tunables, or undefined when there is nothing to do:
 * no tunables for this major, they are already on (this process is the exec'd one), or
 * MULTICLAW_GATEWAY_NODE_TUNABLES=off.
 * @param {{ nodeVersion: string; execPath: string; execArgv: readonly string[]; argv: readonly string[]; env: Record<string, string | undefined> }} current
 * @returns {{ file: string; args: string[]; env: Record<string, string> } | undefined}
 */
export function tunedRelaunch({ nodeVersion, execPath, execArgv, argv, env }) {
  if (env.MULTICLAW_GATEWAY_NODE_TUNABLES === "off") return undefined;
  const tunables = tunablesByMajor[Number.parseInt(nodeVersion, 10)];
  if (!tunables) return undefined;
  // Already exec'd with them: every tunable flag is among Node's own options and the environment has its values.
  const applied =
    tunables.args.every((flag) => execArgv.includes(flag)) &&
    Object.entries(tunables.env).every(([name, value]) => env[name] === value);
  if (applied) return undefined;
  /** @type {Record<string, string>} */
  const nextEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) nextEnv[name] = value;
  return {
    file: execPath,
    // argv[0] first (execve's convention), then the tunables, then whatever Node options this start had.
    args: [execPath, ...tunables.args, ...execArgv, ...argv.slice(1)],
    env: { ...nextEnv, ...tunables.env },
  };
}

/** Replaces this process with one that has its Node major's tunables; returns when there are none to apply. */
export function applyNodeTunables() {
  const relaunch = tunedRelaunch({
    nodeVersion: process.versions.node,
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    env: process.env,
  });
  // process.execve: Node 22.15 / 23.11 and later; without it the gateway runs as it is.
  if (relaunch && typeof process.execve === "function") {
    try {
      process.execve(relaunch.file, relaunch.args, relaunch.env);
    } catch (error) {
      // A refused exec (a sandbox, say) costs memory, not the start: run as we are, and say so.
      process.stderr.write(`gateway: running without Node ${process.versions.node}'s tunables (${error})\n`);
    }
  }
}
