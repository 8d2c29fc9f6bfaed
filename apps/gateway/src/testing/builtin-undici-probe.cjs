/*
 * Preloaded into a gateway process by tests (`node --require`): on SIGUSR2 it writes to
 * MULTICLAW_TEST_PROBE_FILE which of Node's built-in undici modules the process has loaded so far, and whether
 * the global Response is still Node's lazy one. The gateway should never load them (decision 0008).
 */
const { writeFileSync } = require("node:fs");

const file = process.env.MULTICLAW_TEST_PROBE_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    const builtinUndici = process.moduleLoadList.filter((name) => name.includes("internal/deps/undici"));
    const responseIsNodes =
      typeof Object.getOwnPropertyDescriptor(globalThis, "Response")?.get === "function";
    writeFileSync(file, JSON.stringify({ builtinUndici, responseIsNodes }));
  });
}
