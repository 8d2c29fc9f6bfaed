import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { Metafile, Plugin } from "esbuild";
import { builtinsAsCommonJs } from "./plugins/builtins-as-commonjs.ts";

/*
 * A program as plain JavaScript: one esbuild bundle of its entry and everything it imports, split at every
 * dynamic import, so a start parses only the code a start runs. Running from TypeScript through tsx costs a
 * start its loader thread and a second or more of loading (BENCHMARKS.md, decision 0007).
 *
 * Several processes may build at once (parallel tests, two terminals): every file is written under a temporary
 * name and renamed into place, names carry a content hash so one build never changes another's file, and the
 * manifest — what `bin/current-bundle.mjs` reads to decide whether the bundle is current — is renamed in last.
 */

/** How long an output no current build uses is kept: a process started from it may still load its chunks. */
const keepUnusedOutputsMs = 24 * 60 * 60 * 1000;

export interface BundleManifest {
  /** The entry file, relative to the manifest's directory. */
  entry: string;
  builtAt: string;
  /** Every input, relative to the repository root, with what identifies its version. */
  inputs: Record<string, { mtimeMs: number; size: number }>;
}

export interface BundleOptions {
  /** The program's TypeScript entry, absolute. */
  entry: string;
  /** Where the bundle goes; the manifest is `manifestName` in it. */
  outDir: string;
  manifestName: string;
  /** What input paths in the manifest are relative to; esbuild's working directory. */
  repositoryRoot: string;
  /** Files, relative to the root, that change how imports resolve without being imported: lockfile, manifests. */
  resolutionInputs: readonly string[];
  /** Imports left as they are (optional helpers a package requires inside a try). */
  external?: readonly string[];
  /** Plugins run before the one that turns Node's built-ins into require() calls. */
  plugins?: readonly Plugin[];
}

export interface BuiltBundle {
  manifestPath: string;
  /** esbuild's account of the build: which inputs went into which output, and what each output imports. */
  metafile: Metafile;
}

/**
 * Builds the bundle; resolves with its manifest's path and esbuild's metafile.
 *
 * @example
 * await buildBundle({ entry: "/repo/apps/cloud/src/main.ts", outDir: "/repo/apps/cloud/dist",
 *   manifestName: "cloud-bundle.json", repositoryRoot: "/repo", resolutionInputs: ["package-lock.json"] });
 */
export async function buildBundle(options: BundleOptions): Promise<BuiltBundle> {
  const { outDir, repositoryRoot } = options;
  // Loaded here, not at the top: a program never imports this module, and esbuild starts a service.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { main: options.entry },
    absWorkingDir: repositoryRoot,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    outdir: outDir,
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    external: [...(options.external ?? [])],
    plugins: [...(options.plugins ?? []), builtinsAsCommonJs],
    sourcemap: "linked",
    // V8 keeps every loaded script's source in the heap, as two bytes per character if a single comment
    // holds a curly quote: minified (whitespace and syntax; names stay, for readable stack traces), the
    // gateway's start sources take ~1.5 MiB instead of ~5 MiB.
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

  // Every dynamic import is an entry point of its own too; the program's is the one built from its entry.
  const mainInput = relative(repositoryRoot, options.entry).split(sep).join("/");
  const entry = Object.entries(result.metafile.outputs).find(
    ([, output]) => output.entryPoint === mainInput,
  )?.[0];
  if (!entry) throw new Error("esbuild produced no entry file");
  const inputs: BundleManifest["inputs"] = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...options.resolutionInputs]) {
    const stats = statSync(join(repositoryRoot, input), { throwIfNoEntry: false });
    if (stats) inputs[input] = { mtimeMs: stats.mtimeMs, size: stats.size };
  }
  const manifest: BundleManifest = {
    entry: relative(outDir, join(repositoryRoot, entry)).split(sep).join("/"),
    builtAt: new Date().toISOString(),
    inputs,
  };
  const manifestPath = join(outDir, options.manifestName);
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
