// Preloaded into every server under test (`node --expose-gc --require server-preload.cjs …`), the same file for
// the Cloud and for Soketi, so both are measured the same way:
// - SIGUSR2 runs a full garbage collection — on the module-hooks thread too (loader-gc-hooks.mjs) — and writes
//   the process's memory figures to the file named by BENCH_MEMORY_REPORT. The bench repeats this until RSS
//   holds still: V8 keeps a grown young generation (~30 MB here) until a few collections after activity stops,
//   and a reading taken before it shrinks would be charged to the connections;
// - the server exits when the bench that started it has gone, so an interrupted run leaves nothing behind.
"use strict";

const { writeFileSync } = require("node:fs");
const { register } = require("node:module");
const { pathToFileURL } = require("node:url");
const { getHeapSpaceStatistics } = require("node:v8");

register(pathToFileURL(`${__dirname}/loader-gc-hooks.mjs`));

let collections = 0;
let reports = 0;
process.on("SIGUSR2", async () => {
  // The module-hooks thread first, then this thread. A new specifier each time: imports are cached.
  collections += 1;
  await import(`bench-gc:${collections}`).catch(() => undefined);
  if (typeof globalThis.gc === "function") globalThis.gc();
  const file = process.env.BENCH_MEMORY_REPORT;
  if (!file) return;
  const memory = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  reports += 1;
  writeFileSync(
    file,
    JSON.stringify({
      report: reports,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      newSpace: newSpace ? newSpace.space_size : 0,
    }),
  );
});

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
