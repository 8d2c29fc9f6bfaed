import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuiltBundle, buildBundle } from "@multiclaw/bundle/build";
import { packagesByPath } from "@multiclaw/bundle/plugins/packages-by-path";

/*
 * The gateway as plain JavaScript (packages/bundle, decision 0007): one esbuild bundle of main.ts, split at
 * every dynamic import, so a start parses only the code a start runs (vendor SDKs, the MCP SDK, the HTML
 * reader wait in their own chunks until first used). Running from TypeScript through tsx cost a cold start
 * ~1.5 s and ~65 MiB (BENCHMARKS.md, "What our figures are made of").
 */

export type { BuiltBundle, BundleManifest } from "@multiclaw/bundle/build";

export const gatewayRoot = fileURLToPath(new URL("../../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Inputs that change how imports resolve without changing an imported file. */
const resolutionInputs = [
  "package-lock.json",
  "apps/gateway/package.json",
  "packages/agent/package.json",
  "packages/cloud-client/package.json",
  "packages/egress/package.json",
  "packages/protocol/package.json",
];

/** ws's optional native helpers: required inside a try, absent here, so left as they are. */
const optionalExternal = ["bufferutil", "utf-8-validate"];

export interface BuildBundleOptions {
  /** Where the bundle goes (the manifest is `gateway-bundle.json` in it). Default apps/gateway/dist. */
  outDir?: string;
}

export const manifestName = "gateway-bundle.json";

export function defaultBundleDir(): string {
  return join(gatewayRoot, "dist");
}

/** Builds the bundle; resolves with its manifest's path and esbuild's metafile. */
export async function buildGatewayBundle(options: BuildBundleOptions = {}): Promise<BuiltBundle> {
  return buildBundle({
    entry: join(gatewayRoot, "src/main.ts"),
    outDir: options.outDir ?? defaultBundleDir(),
    manifestName,
    repositoryRoot,
    resolutionInputs,
    external: optionalExternal,
    // The native SQLite driver stays in node_modules.
    plugins: [packagesByPath(["libsql"])],
  });
}
