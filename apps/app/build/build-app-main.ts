import { join } from "node:path";
import { parseArgs } from "node:util";
import { currentBundle } from "@multiclaw/bundle/current-bundle";
import { appManifestName, appRepositoryRoot, buildApp, defaultAppOutDir } from "./build-app.ts";

/*
 * `tsx apps/app/build/build-app-main.ts [--out-dir DIR] [--if-stale]` (npm run build:app; `npm install` runs
 * it with --if-stale): builds the App into apps/app/dist, which the gateway serves.
 */

const { values } = parseArgs({
  options: { "out-dir": { type: "string" }, "if-stale": { type: "boolean" } },
});
const outDir = values["out-dir"] ?? defaultAppOutDir;
if (values["if-stale"] && !("stale" in currentBundle(join(outDir, appManifestName), appRepositoryRoot))) {
  process.stderr.write("app: current\n");
} else {
  const started = performance.now();
  const { manifestPath, files, compressed } = await buildApp({ outDir, quiet: true });
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  process.stdout.write(`${manifestPath}\n`);
  process.stderr.write(
    `app built from ${files} files in ${Math.round(performance.now() - started)} ms; ` +
      `${compressed.files} files precompressed, ${kB(compressed.rawBytes)} → ` +
      `${kB(compressed.brotliBytes)} brotli, ${kB(compressed.gzipBytes)} gzip\n`,
  );
}
