// @ts-check
import { spawnSync } from "node:child_process";
import module from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { currentBundle } from "./current-bundle.mjs";

/*
 * What a program's bin does: run its bundle under plain Node — no TypeScript loader, and only the code a start
 * needs is parsed. When the bundle is missing or any file it was built from changed (an edit, `npm install`),
 * it is rebuilt first, in a child process so this one never loads esbuild or tsx. If building fails the
 * program still starts, from its sources through tsx, slower, and stderr says why. Decision 0007.
 */

/**
 * @typedef {object} LaunchOptions
 * @property {string} name what the messages call the program: "gateway", "cloud"
 * @property {string} bundleDir where the bundle lives (its compile cache goes there too)
 * @property {string} manifestPath the bundle's manifest, in bundleDir
 * @property {string} repositoryRoot what the manifest's input paths are relative to
 * @property {string} builder the TypeScript file that builds the bundle; run as `builder --out-dir bundleDir`
 * @property {string} sources the program's TypeScript entry, run through tsx when there is no bundle
 * @property {boolean} fromSources skip the bundle (a MULTICLAW_*_FROM_SOURCES=1 switch)
 */

/**
 * The bundle's entry, built first if it is stale; undefined (and the reason on stderr) when it cannot be had.
 * @param {Omit<LaunchOptions, "sources" | "fromSources">} options
 * @returns {string | undefined}
 */
export function bundleEntry({ name, bundleDir, manifestPath, repositoryRoot, builder }) {
  let bundle = currentBundle(manifestPath, repositoryRoot);
  if ("stale" in bundle) {
    process.stderr.write(`${name} bundle: ${bundle.stale}; building it\n`);
    const tsx = import.meta.resolve("tsx");
    const build = spawnSync(process.execPath, ["--import", tsx, builder, "--out-dir", bundleDir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    process.stderr.write(build.stderr ?? "");
    if (build.status !== 0) {
      process.stderr.write(
        `${name} bundle: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`,
      );
      return undefined;
    }
    bundle = currentBundle(manifestPath, repositoryRoot);
    if ("stale" in bundle) {
      process.stderr.write(`${name} bundle: still stale after building (${bundle.stale})\n`);
      return undefined;
    }
  }
  return bundle.entry;
}

/**
 * Runs the program in this process: its bundle when it is current or can be built, else its sources through tsx.
 * @param {LaunchOptions} options
 */
export async function launchBundle(options) {
  const entry = options.fromSources ? undefined : bundleEntry(options);
  if (entry) {
    // Node 22.1 and later keep V8's compiled code of the bundle between starts, next to it (pruned with old
    // bundles); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node 20 has no such cache and parses it every start.
    module.enableCompileCache?.(join(options.bundleDir, "compile-cache"));
    await import(pathToFileURL(entry).href);
  } else {
    process.stderr.write(`${options.name}: running from sources through tsx\n`);
    const { register } = await import("tsx/esm/api");
    register();
    await import(pathToFileURL(options.sources).href);
  }
}
