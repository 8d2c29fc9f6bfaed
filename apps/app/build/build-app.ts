import { statSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { BundleManifest } from "@multiclaw/bundle/build";
import { build, type Plugin } from "vite";

/** The App's package directory, the repository root and where the build goes. */
export const appDir = fileURLToPath(new URL("../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const defaultAppOutDir = join(appDir, "dist");
/** The build's manifest, in the shape the bundles use, so `currentBundle` tells whether it is stale. */
export const appManifestName = "app-build.json";

/** Files that change the build without being modules of it. */
const resolutionInputs = ["package-lock.json", "apps/app/package.json", "apps/app/index.html"];

export interface BuiltApp {
  manifestPath: string;
  /** Bytes of JavaScript and CSS the first screen loads, before and after gzip (Vite's own report). */
  files: number;
}

/**
 * Builds the App with Vite into `outDir` and writes a manifest of every input (each module Vite loaded, the
 * public files, the lockfile) with its size and modification time — the same staleness check as the program
 * bundles (packages/bundle/bin/current-bundle.mjs).
 */
export async function buildApp(options: { outDir?: string; quiet?: boolean } = {}): Promise<BuiltApp> {
  const outDir = options.outDir ?? defaultAppOutDir;
  const inputs = new Set<string>(resolutionInputs.map((path) => join(repositoryRoot, path)));
  const collectInputs: Plugin = {
    name: "multiclaw-app-inputs",
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const path = id.split("?")[0] ?? id;
        if (path.startsWith("/") && !path.includes("\0")) inputs.add(path);
      }
    },
  };
  await build({
    root: appDir,
    configFile: join(appDir, "vite.config.ts"),
    build: { outDir, emptyOutDir: true },
    logLevel: options.quiet ? "warn" : "info",
    plugins: [collectInputs],
  });
  for (const file of await listFiles(join(appDir, "public"))) inputs.add(file);

  const manifest: BundleManifest = { entry: "index.html", builtAt: new Date().toISOString(), inputs: {} };
  for (const path of [...inputs].sort()) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isFile()) {
      manifest.inputs[relative(repositoryRoot, path).split(sep).join("/")] = {
        mtimeMs: info.mtimeMs,
        size: info.size,
      };
    }
  }
  const manifestPath = join(outDir, appManifestName);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  return { manifestPath, files: Object.keys(manifest.inputs).length };
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export { repositoryRoot as appRepositoryRoot };
