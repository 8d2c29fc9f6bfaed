import { setFlagsFromString } from "node:v8";

/**
 * From now on, V8 compiles every function on its first call with Sparkplug, its baseline compiler, instead of
 * interpreting it until the function has run often enough to be worth compiling.
 *
 * The gateway turns this on once it is started, for the code its turns run: a turn after a start runs code
 * that has never run before (the provider client, the stream parsers, the run engine), and interpreted it costs
 * 1–2 ms more per turn over the first turns on this machine (BENCHMARKS.md). Turned on from the first line it
 * would also compile the start-up code, which runs once: +120 ms to ready, measured. Functions already compiled
 * keep their tier; hot functions are still optimised as before. The flag is read when a function is compiled,
 * so changing it after start is safe; Node has no other switch for it (hand-written for that reason).
 */
export function compileNewFunctionsWithBaseline(): void {
  setFlagsFromString("--always-sparkplug");
}
