import { join } from "node:path";
import { parseArgs } from "node:util";
import { currentBundle } from "@multiclaw/bundle/current-bundle";
import { buildCliBundle, defaultBundleDir, manifestName } from "./build-bundle.ts";

/*
 * `tsx apps/cli/src/launch/build-bundle-main.ts [--out-dir DIR] [--if-stale]` (npm run build:cli; `npm install`
 * runs it with --if-stale): builds the CLI's bundle and prints its manifest's path. bin/multiclaw.js runs it when
 * the bundle is stale.
 */

const { values } = parseArgs({
  options: { "out-dir": { type: "string" }, "if-stale": { type: "boolean" } },
});
const outDir = values["out-dir"] ?? defaultBundleDir();
const repositoryRoot = new URL("../../../../", import.meta.url).pathname;
if (values["if-stale"] && !("stale" in currentBundle(join(outDir, manifestName), repositoryRoot))) {
  process.stderr.write("cli bundle: current\n");
} else {
  const started = performance.now();
  const { manifestPath } = await buildCliBundle({ outDir });
  process.stdout.write(`${manifestPath}\n`);
  process.stderr.write(`cli bundle built in ${Math.round(performance.now() - started)} ms\n`);
}
