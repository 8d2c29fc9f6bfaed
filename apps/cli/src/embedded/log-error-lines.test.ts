import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { errorLinesOf, logSize } from "./log-error-lines.ts";

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "multiclaw-log-"));
  log = join(dir, "gateway.log");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What the gateway's bundle leaves in its log when it dies of an uncaught error at start (trimmed). */
const uncaughtAtStart = `gateway bundle: packages/egress/src/node/connection-ledger.ts changed; building it
gateway bundle built in 1018 ms
file:///work/main/apps/gateway/dist/main-ZO4SN7ZK.js:160
${"var x=1;".repeat(100)}


Error: Port 4801 on 127.0.0.1 is in use (is another gateway running?); set MULTICLAW_GATEWAY_PORT
    at Server.onError (file:///work/main/apps/gateway/dist/main-ZO4SN7ZK.js:160:1613)
    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {
  [cause]: Error: listen EADDRINUSE: address already in use 127.0.0.1:4801
      at Server.setupListenHandle [as _listen2] (node:net:1908:16) {
    code: 'EADDRINUSE',
    port: 4801
  }
}

Node.js v20.20.2
`;

it("quotes an uncaught error's headline, not its source line or stack", () => {
  writeFileSync(log, uncaughtAtStart);
  expect(errorLinesOf(log, 0)).toEqual([
    "Port 4801 on 127.0.0.1 is in use (is another gateway running?); set MULTICLAW_GATEWAY_PORT",
  ]);
});

it("quotes logged errors (pino level 50 and up) with their cause", () => {
  writeFileSync(
    log,
    [
      JSON.stringify({ level: 30, msg: "local API listening" }),
      JSON.stringify({
        level: 50,
        msg: "the database cannot be opened",
        err: { message: "SQLITE_CANTOPEN" },
      }),
      "",
    ].join("\n"),
  );
  expect(errorLinesOf(log, 0)).toEqual(["the database cannot be opened: SQLITE_CANTOPEN"]);
});

it("reads only what this run wrote", () => {
  writeFileSync(log, uncaughtAtStart);
  const start = logSize(log);
  appendFileSync(log, `${JSON.stringify({ level: 30, msg: "database migrated" })}\n`);
  appendFileSync(log, "listen EADDRINUSE: address already in use 127.0.0.1:4800\n");
  // The Cloud prints its error's message alone: with no error line, the last plain line is the reason.
  expect(errorLinesOf(log, start)).toEqual(["listen EADDRINUSE: address already in use 127.0.0.1:4800"]);
  expect(errorLinesOf(log, start, { lastLineWhenNoError: false })).toEqual([]);
});

it("finds nothing in a missing log", () => {
  expect(errorLinesOf(join(dir, "none.log"), 0)).toEqual([]);
  expect(logSize(join(dir, "none.log"))).toBe(0);
});
