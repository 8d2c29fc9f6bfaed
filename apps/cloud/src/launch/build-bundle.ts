import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuiltBundle, buildBundle } from "@multiclaw/bundle/build";
import { packagesByPath } from "@multiclaw/bundle/plugins/packages-by-path";
import { sourceLocations } from "@multiclaw/bundle/plugins/source-locations";

/*
 * The Cloud as plain JavaScript, the way the gateway runs (packages/bundle, decisions 0007 and 0011): one
 * esbuild bundle of main.ts. Through tsx a start paid for the loader's own thread and for compiling ~400
 * TypeScript files, and idled with ~113 MiB more (BENCHMARKS.md, "The Cloud's start and memory").
 */

export type { BuiltBundle, BundleManifest } from "@multiclaw/bundle/build";

export const cloudRoot = fileURLToPath(new URL("../../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Inputs that change how imports resolve without changing an imported file. */
const resolutionInputs = [
  "package-lock.json",
  "apps/cloud/package.json",
  "packages/protocol/package.json",
  "packages/bundle/package.json",
];

/** Optional helpers a package requires inside a try (pg's native driver, ws's native helpers), absent here. */
const optionalExternal = ["pg-native", "bufferutil", "utf-8-validate"];

/**
 * Kept in node_modules: argon2 is a native addon; PGlite loads its WebAssembly and data files from beside its
 * own code.
 */
const keptInNodeModules = ["@electric-sql/pglite", "@node-rs/argon2"];

export const manifestName = "cloud-bundle.json";

export function defaultBundleDir(): string {
  return join(cloudRoot, "dist");
}

/** Builds the Cloud's bundle into `outDir` (apps/cloud/dist by default). */
export async function buildCloudBundle(options: { outDir?: string } = {}): Promise<BuiltBundle> {
  return buildBundle({
    entry: join(cloudRoot, "src/main.ts"),
    outDir: options.outDir ?? defaultBundleDir(),
    manifestName,
    repositoryRoot,
    resolutionInputs,
    external: optionalExternal,
    plugins: [
      packagesByPath(keptInNodeModules),
      // The web console (apps/cloud/web) and the PGlite template cache are found from the source's place.
      sourceLocations(/[\\/]apps[\\/]cloud[\\/]src[\\/].*\.ts$/),
    ],
  });
}
