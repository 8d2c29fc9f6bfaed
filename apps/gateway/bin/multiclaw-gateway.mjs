#!/usr/bin/env node
// @ts-check
import { spawnSync } from "node:child_process";
import module from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { currentBundle } from "./current-bundle.mjs";

/*
 * The gateway process: what `multiclaw gateway start` (and `npm start`) runs in the background.
 *
 * It runs the gateway's bundle under plain Node — no TypeScript loader, and only the code a start needs is
 * parsed. When the bundle is missing or any file it was built from changed (an edit, `npm install`), it is
 * rebuilt first, in a child process so this one stays lean. If building fails the gateway still starts, from
 * its sources through tsx, slower, and the log says why.
 *
 * Whoever starts it adds the environment in process-env.json (the C library reads it before any JavaScript
 * runs, so it cannot be set from here): a fixed malloc mmap threshold, so the buffers a start and each turn
 * free go back to the system instead of staying in glibc's heap — 5–15 MiB less resident memory, no
 * measurable cost per turn. Decisions 0007 and 0009 and BENCHMARKS.md have the measurements.
 *
 * MULTICLAW_GATEWAY_FROM_SOURCES=1 skips the bundle; MULTICLAW_GATEWAY_BUNDLE_DIR puts it elsewhere than
 * apps/gateway/dist (tests build into a directory of their own).
 */

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
const bundleDir =
  process.env.MULTICLAW_GATEWAY_BUNDLE_DIR || fileURLToPath(new URL("../dist", import.meta.url));
const manifestPath = join(bundleDir, "gateway-bundle.json");
const builder = fileURLToPath(new URL("../src/launch/build-bundle-main.ts", import.meta.url));
const sources = new URL("../src/main.ts", import.meta.url).href;

/** @returns {string | undefined} the bundle's entry, built first if it is stale */
function bundleEntry() {
  let bundle = currentBundle(manifestPath, repositoryRoot);
  if ("stale" in bundle) {
    process.stderr.write(`gateway bundle: ${bundle.stale}; building it\n`);
    const tsx = import.meta.resolve("tsx");
    const build = spawnSync(process.execPath, ["--import", tsx, builder, "--out-dir", bundleDir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    process.stderr.write(build.stderr ?? "");
    if (build.status !== 0) {
      process.stderr.write(
        `gateway bundle: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`,
      );
      return undefined;
    }
    bundle = currentBundle(manifestPath, repositoryRoot);
    if ("stale" in bundle) {
      process.stderr.write(`gateway bundle: still stale after building (${bundle.stale})\n`);
      return undefined;
    }
  }
  return bundle.entry;
}

const entry = process.env.MULTICLAW_GATEWAY_FROM_SOURCES === "1" ? undefined : bundleEntry();
if (entry) {
  // Node 22.1 and later keep V8's compiled code of the bundle between starts, next to it (pruned with old
  // bundles); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node 20 has no such cache and parses it every start.
  module.enableCompileCache?.(join(bundleDir, "compile-cache"));
  await import(pathToFileURL(entry).href);
} else {
  process.stderr.write("gateway: running from sources through tsx\n");
  const { register } = await import("tsx/esm/api");
  register();
  await import(sources);
}
