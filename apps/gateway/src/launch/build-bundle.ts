import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Metafile, Plugin } from "esbuild";
import { builtinsAsCommonJs } from "./builtins-as-commonjs.ts";

/*
 * The gateway as plain JavaScript: one esbuild bundle of main.ts and everything it imports, split at every
 * dynamic import, so a start parses only the code a start runs (vendor SDKs, the MCP SDK, the HTML reader wait
 * in their own chunks until first used). Running from TypeScript through tsx cost a cold start ~1.5 s and
 * ~65 MiB (BENCHMARKS.md, "What our figures are made of").
 *
 * Several gateways may build at once (parallel tests, two terminals): every file is written under a temporary
 * name and renamed into place, names carry a content hash so one build never changes another's file, and the
 * manifest — what `bin/current-bundle.mjs` reads to decide whether the bundle is current — is renamed in last.
 */

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

/**
 * The native SQLite driver stays in node_modules and is imported by its absolute file URL, so the bundle runs
 * from any directory (tests build into temporary ones) and still loads this checkout's copy.
 */
const nativeAddonsByPath: Plugin = {
  name: "native-addons-by-path",
  setup(builder) {
    builder.onResolve({ filter: /^libsql$/ }, (args) => ({
      path: pathToFileURL(createRequire(args.importer || import.meta.url).resolve(args.path)).href,
      external: true,
    }));
  },
};

/** How long an output no current build uses is kept: a gateway started from it may still load its chunks. */
const keepUnusedOutputsMs = 24 * 60 * 60 * 1000;

export interface BundleManifest {
  /** The entry file, relative to the manifest's directory. */
  entry: string;
  builtAt: string;
  /** Every input, relative to the repository root, with what identifies its version. */
  inputs: Record<string, { mtimeMs: number; size: number }>;
}

export interface BuildBundleOptions {
  /** Where the bundle goes (the manifest is `gateway-bundle.json` in it). Default apps/gateway/dist. */
  outDir?: string;
}

export const manifestName = "gateway-bundle.json";

export function defaultBundleDir(): string {
  return join(gatewayRoot, "dist");
}

export interface BuiltBundle {
  manifestPath: string;
  /** esbuild's account of the build: which inputs went into which output, and what each output imports. */
  metafile: Metafile;
}

/** Builds the bundle; resolves with its manifest's path and esbuild's metafile. */
export async function buildGatewayBundle(options: BuildBundleOptions = {}): Promise<BuiltBundle> {
  const outDir = options.outDir ?? defaultBundleDir();
  // Loaded here, not at the top: the gateway itself never imports this module, and esbuild starts a service.
  const { build } = await import("esbuild");
  const mainSource = join(gatewayRoot, "src/main.ts");
  const result = await build({
    entryPoints: { main: mainSource },
    absWorkingDir: repositoryRoot,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    outdir: outDir,
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    external: optionalExternal,
    plugins: [nativeAddonsByPath, builtinsAsCommonJs],
    sourcemap: "linked",
    // V8 keeps every loaded script's source in the heap, as two bytes per character if a single comment
    // holds a curly quote: minified (whitespace and syntax; names stay, for readable stack traces), the
    // start's sources take ~1.5 MiB instead of ~5 MiB.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    write: false,
    logLevel: "warning",
    legalComments: "linked",
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __multiclawCreateRequire } from "node:module"; const require = __multiclawCreateRequire(import.meta.url);',
    },
  });

  mkdirSync(outDir, { recursive: true, mode: 0o755 });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    written.add(file.path);
    // Same name, same content: a file another build (or an earlier one) wrote is left as it is.
    if (!existsSync(file.path)) writeAtomically(file.path, file.contents);
  }

  // Every dynamic import is an entry point of its own too; the gateway's is the one built from main.ts.
  const mainInput = relative(repositoryRoot, mainSource).split(sep).join("/");
  const entry = Object.entries(result.metafile.outputs).find(
    ([, output]) => output.entryPoint === mainInput,
  )?.[0];
  if (!entry) throw new Error("esbuild produced no entry file");
  const inputs: BundleManifest["inputs"] = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...resolutionInputs]) {
    const stats = statSync(join(repositoryRoot, input), { throwIfNoEntry: false });
    if (stats) inputs[input] = { mtimeMs: stats.mtimeMs, size: stats.size };
  }
  const manifest: BundleManifest = {
    entry: relative(outDir, join(repositoryRoot, entry)).split(sep).join("/"),
    builtAt: new Date().toISOString(),
    inputs,
  };
  const manifestPath = join(outDir, manifestName);
  writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  pruneUnused(outDir, new Set([...written, manifestPath]));
  return { manifestPath, metafile: result.metafile };
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, contents, { mode: 0o644 });
  renameSync(temporary, path);
}

/** Removes outputs of earlier builds that this one does not use, once they are old enough to be unused. */
function pruneUnused(directory: string, keep: ReadonlySet<string>): void {
  const cutoff = Date.now() - keepUnusedOutputsMs;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      pruneUnused(path, keep);
    } else if (!keep.has(path) && statSync(path).mtimeMs < cutoff) {
      rmSync(path, { force: true });
    }
  }
}
