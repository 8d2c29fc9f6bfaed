import { runCli } from "./cli.ts";
import { INTERRUPTED_EXIT_CODE } from "./cli-error.ts";

/*
 * The `multiclaw` process (bin/multiclaw.js loads this). The first Ctrl-C asks the running command to stop
 * (a chat cancels its run and waits for it); a second one quits at once.
 */
const interruption = new AbortController();
process.on("SIGINT", () => {
  if (interruption.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
  interruption.abort();
});

process.exitCode = await runCli(process.argv.slice(2), { signal: interruption.signal });
