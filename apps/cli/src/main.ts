import { watchUnguardedSockets } from "@multiclaw/egress/node";
import { runCli } from "./cli.ts";
import { INTERRUPTED_EXIT_CODE } from "./cli-error.ts";

/*
 * The `multiclaw` process (bin/multiclaw.js loads this). The first Ctrl-C asks the running command to stop
 * (a chat cancels its run and waits for it; `multiclaw start` stops the gateway and Cloud it started); a second
 * one quits at once. SIGTERM and SIGHUP (a closed terminal, a service manager) ask the same, so `start` never
 * leaves its background gateway behind.
 */
// The command line's own Cloud calls go through its egress guard (cli-egress.ts); everything else it connects to
// is the gateway's API on 127.0.0.1. A socket to any other address, opened around the guard, is refused.
watchUnguardedSockets({
  allowLoopback: true,
  onUnguarded: (seen) =>
    process.stderr.write(
      `multiclaw: refused a connection opened outside the egress guard (${seen.target ?? seen.channel})\n`,
    ),
});

const interruption = new AbortController();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (interruption.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    interruption.abort();
  });
}

process.exitCode = await runCli(process.argv.slice(2), { signal: interruption.signal });
