// Preloaded into every server under test (`node --expose-gc --require server-preload.cjs …`), the same file for
// the Cloud and for Soketi, so both are measured the same way:
// - SIGUSR2 runs a full garbage collection: the bench reads RSS before and after N clients connect, and
//   garbage left from start-up or from the handshakes, collected at a moment nobody controls, would otherwise
//   decide the per-connection figure (tens of MB at random against ~60 MB of signal at 10,000 clients);
// - the server exits when the bench that started it has gone, so an interrupted run leaves nothing behind.
"use strict";

process.on("SIGUSR2", () => {
  if (typeof globalThis.gc === "function") globalThis.gc();
});

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
