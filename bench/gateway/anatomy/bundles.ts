import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";

/*
 * The gateway precompiled to plain JavaScript with esbuild (the compiler tsx itself runs), to measure what
 * running from TypeScript through tsx costs at start. An experiment of the bench only: the product ships no
 * such build. esbuild is installed as tsx's dependency.
 */

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Which files go into a bundle: only our workspace sources, or third-party packages too. */
export type BundleScope = "our-sources" | "everything";

/** Leaves npm packages to be loaded from node_modules at run time; bundles the @multiclaw/* workspace sources. */
const packagesExternal: Plugin = {
  name: "packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@multiclaw/") ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles `entry` into `outDir` (which must lie inside the repository, so bare imports still find
 * node_modules) and returns the output file and the metafile (which modules went in, and their sizes).
 */
export async function bundleGateway(options: {
  entry: string;
  outDir: string;
  scope: BundleScope;
}): Promise<{ file: string; metafile: Metafile }> {
  await mkdir(options.outDir, { recursive: true });
  const file = join(options.outDir, `${options.scope}.mjs`);
  const result = await build({
    entryPoints: [options.entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: file,
    absWorkingDir: repositoryRoot,
    metafile: true,
    logLevel: "warning",
    ...(options.scope === "our-sources"
      ? { plugins: [packagesExternal] }
      : {
          // libsql is a native addon; CommonJS dependencies inside an ES module bundle need a `require`.
          external: ["libsql"],
          banner: {
            js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
          },
        }),
  });
  return { file, metafile: result.metafile };
}

/** Bytes of the bundle's inputs by origin: each npm package, and our sources by workspace. */
export function inputBytesByOrigin(metafile: Metafile): Map<string, { files: number; bytes: number }> {
  const groups = new Map<string, { files: number; bytes: number }>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    // Paths are relative to the repository root (absWorkingDir): "apps/gateway/src/…", "node_modules/zod/…".
    const key = inPackage?.[1] ?? path.split("/").slice(0, 2).join("/");
    const group = groups.get(key) ?? { files: 0, bytes: 0 };
    group.files += 1;
    group.bytes += input.bytes;
    groups.set(key, group);
  }
  return groups;
}
