import { statSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { BundleManifest } from "@multiclaw/bundle/build";
import { build, type Plugin } from "vite";
import { type CompressedFiles, compressAppFiles } from "./compress-app-files.ts";

/** The App's package directory, the repository root and where the build goes. */
export const appDir = fileURLToPath(new URL("../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const defaultAppOutDir = join(appDir, "dist");
/** The build's manifest, in the shape the bundles use, so `currentBundle` tells whether it is stale. */
export const appManifestName = "app-build.json";

/** Files that change the build without being modules of it: the build's own code among them. */
const resolutionInputs = [
  "package-lock.json",
  "apps/app/package.json",
  "apps/app/index.html",
  "apps/app/vite.config.ts",
  "apps/app/build/build-app.ts",
  "apps/app/build/compress-app-files.ts",
];

export interface BuiltApp {
  manifestPath: string;
  /** Input files the manifest lists. */
  files: number;
  /** The `.br` and `.gz` files written beside the text files the gateway serves. */
  compressed: CompressedFiles;
}

/**
 * Builds the App with Vite into `outDir`, writes a brotli and a gzip file beside each text file worth it, and
 * last a manifest of every input (each module Vite loaded, the public files, the lockfile, this build's code)
 * with its size and modification time — the same staleness check as the program bundles
 * (packages/bundle/bin/current-bundle.mjs). The gateway reads a build as whole once its manifest is written.
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
  const compressed = await compressAppFiles(outDir, { skip: [appManifestName] });

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
  return { manifestPath, files: Object.keys(manifest.inputs).length, compressed };
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export { repositoryRoot as appRepositoryRoot };
