import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuiltBundle, buildBundle } from "@multiclaw/bundle/build";
import { sourceLocations } from "@multiclaw/bundle/plugins/source-locations";

/*
 * The command line as plain JavaScript, as the gateway and the Cloud run (packages/bundle, decisions 0007 and
 * 0011). Registering tsx and compiling the CLI's TypeScript cost every command ~0.8 s before it printed a
 * line (`multiclaw --help` took ~1.1 s against 0.1 s for a bare `node`), a large part of `npm start`'s time.
 */

export type { BuiltBundle } from "@multiclaw/bundle/build";

export const cliRoot = fileURLToPath(new URL("../../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Inputs that change how imports resolve without changing an imported file. */
const resolutionInputs = [
  "package-lock.json",
  "apps/cli/package.json",
  "apps/gateway/package.json",
  "packages/cloud-client/package.json",
  "packages/egress/package.json",
  "packages/gateway-client/package.json",
  "packages/protocol/package.json",
];

/** ws's optional native helpers: required inside a try, absent here, so left as they are. */
const optionalExternal = ["bufferutil", "utf-8-validate"];

export const manifestName = "cli-bundle.json";

export function defaultBundleDir(): string {
  return join(cliRoot, "dist");
}

/** Builds the CLI's bundle into `outDir` (apps/cli/dist by default). */
export async function buildCliBundle(options: { outDir?: string } = {}): Promise<BuiltBundle> {
  return buildBundle({
    entry: join(cliRoot, "src/main.ts"),
    outDir: options.outDir ?? defaultBundleDir(),
    manifestName,
    repositoryRoot,
    resolutionInputs,
    external: optionalExternal,
    // `multiclaw --version` reads apps/cli/package.json from beside its source.
    plugins: [sourceLocations(/[\\/]apps[\\/]cli[\\/]src[\\/].*\.ts$/)],
  });
}
