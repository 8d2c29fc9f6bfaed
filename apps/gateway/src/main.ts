import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { useUndiciWebClasses } from "@multiclaw/egress/node";
import { startGateway } from "./gateway.ts";
import { compileNewFunctionsWithBaseline } from "./launch/baseline-compile.ts";
import { gatewayPaths } from "./paths.ts";

/*
 * The gateway process (`multiclaw gateway start` runs it in the background). It writes its pid file once the
 * local API answers, and on SIGTERM/SIGINT stops cleanly: runs in progress end `interrupted`, MCP servers
 * stop, the Cloud link closes, the pid file goes.
 */

// Before anything touches Headers or Response: Node's built-in copy of them is then never loaded.
useUndiciWebClasses();
const paths = gatewayPaths();
const gateway = await startGateway({ paths });
mkdirSync(dirname(paths.pidFile), { recursive: true, mode: 0o700 });
writeFileSync(paths.pidFile, `${process.pid}\n`, { mode: 0o600 });

// Once started (signed in and synced, or after a few seconds when that does not come), the code turns run is
// compiled to baseline code on its first call instead of interpreted (launch/baseline-compile.ts says why).
const untilReady = setTimeout(startTurnCompilation, 5000);
untilReady.unref();
const stopWaiting = gateway.session.onReady(startTurnCompilation);
function startTurnCompilation(): void {
  clearTimeout(untilReady);
  stopWaiting();
  compileNewFunctionsWithBaseline();
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(1), 15_000);
  timer.unref();
  try {
    await gateway.close();
  } finally {
    rmSync(paths.pidFile, { force: true });
    process.stdout.write(`gateway stopped (${signal})\n`);
    process.exit(0);
  }
}
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
