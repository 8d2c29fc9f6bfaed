import { parseArgs } from "node:util";
import { buildCloudBundle } from "./build-bundle.ts";

/*
 * `tsx apps/cloud/src/launch/build-bundle-main.ts [--out-dir DIR]` (npm run build:cloud): builds the Cloud's
 * bundle and prints its manifest's path. bin/multiclaw-cloud.mjs runs it when the bundle is stale.
 */

const { values } = parseArgs({ options: { "out-dir": { type: "string" } } });
const started = performance.now();
const { manifestPath } = await buildCloudBundle({ outDir: values["out-dir"] });
process.stdout.write(`${manifestPath}\n`);
process.stderr.write(`cloud bundle built in ${Math.round(performance.now() - started)} ms\n`);
