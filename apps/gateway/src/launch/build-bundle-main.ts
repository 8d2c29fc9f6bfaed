import { parseArgs } from "node:util";
import { buildGatewayBundle } from "./build-bundle.ts";

/*
 * `tsx apps/gateway/src/launch/build-bundle-main.ts [--out-dir DIR]` (npm run build:gateway): builds the
 * gateway bundle and prints its manifest's path. bin/multiclaw-gateway.mjs runs it when the bundle is stale.
 */

const { values } = parseArgs({ options: { "out-dir": { type: "string" } } });
const started = performance.now();
const { manifestPath } = await buildGatewayBundle({ outDir: values["out-dir"] });
process.stdout.write(`${manifestPath}\n`);
process.stderr.write(`gateway bundle built in ${Math.round(performance.now() - started)} ms\n`);
