// Preloaded (`node --expose-gc --require memory-preload.cjs …`) into a gateway started by anatomy.ts: on
// SIGUSR2 it runs a full garbage collection on the main thread and writes process.memoryUsage() to the file
// named by BENCH_MEMORY_REPORT, so the JS heap's share of the resident memory can be told apart. Unlike
// bench/fanout/systems/server-preload.cjs it registers no module hooks: a hooks thread would add memory of its
// own to a gateway that runs without tsx.
"use strict";

const { writeFileSync } = require("node:fs");

let reports = 0;
process.on("SIGUSR2", () => {
  if (typeof globalThis.gc === "function") globalThis.gc();
  const file = process.env.BENCH_MEMORY_REPORT;
  if (!file) return;
  reports += 1;
  writeFileSync(file, JSON.stringify({ report: reports, ...process.memoryUsage() }));
});
