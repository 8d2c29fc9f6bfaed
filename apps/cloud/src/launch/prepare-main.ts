import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { currentBundle } from "@multiclaw/bundle/current-bundle";
import { defaultTemplateCacheDir, pgliteTemplate } from "../db/pglite-template.ts";
import { buildCloudBundle, defaultBundleDir, manifestName } from "./build-bundle.ts";

/*
 * `npm install` (the root package's `prepare` script): makes what the Cloud's first start would otherwise
 * make — its bundle and the migrated PGlite template — so `npm start` on an empty MULTICLAW_HOME starts in
 * seconds. A failure is reported and does not fail the install: the first start then makes them itself.
 */

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  try {
    await run();
    process.stderr.write(`cloud: ${name} ready in ${Math.round(performance.now() - started)} ms\n`);
  } catch (error) {
    process.stderr.write(`cloud: ${name} not made (${error instanceof Error ? error.message : error}); `);
    process.stderr.write("the first start will make it\n");
  }
}

await step("bundle", async () => {
  if ("stale" in currentBundle(join(defaultBundleDir(), manifestName), repositoryRoot))
    await buildCloudBundle();
});
const cacheDir = defaultTemplateCacheDir();
if (cacheDir) await step("PGlite template", () => pgliteTemplate({ cacheDir }));
