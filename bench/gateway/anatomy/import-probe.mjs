// Imports one module and prints, as JSON, how long the process took to reach this script and how long the
// import took (performance.now() counts from the process's start). Plain JavaScript, so it runs with and
// without tsx's loader alike. Usage: node [--import tsx] import-probe.mjs <file>
import { pathToFileURL } from "node:url";

const reachedAt = performance.now();
await import(pathToFileURL(process.argv[2] ?? "").href);
const importedAt = performance.now();
process.stdout.write(`${JSON.stringify({ toScriptMs: reachedAt, importMs: importedAt - reachedAt })}\n`);
process.exit(0);
