import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

/**
 * Keeps the named packages out of the bundle: each import of one is resolved the way esbuild would resolve it
 * (the same export conditions) and left as an import of that file by its absolute URL. For native addons
 * (libsql, @node-rs/argon2) and for packages that find their own files next to their code (PGlite's
 * WebAssembly and data files), so the bundle runs from any directory — tests build into temporary ones —
 * and still loads this checkout's copy.
 *
 * @example
 * plugins: [packagesByPath(["libsql"])]
 */
export function packagesByPath(names: readonly string[]): Plugin {
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const filter = new RegExp(`^(${escaped.join("|")})(/.*)?$`);
  return {
    name: "packages-by-path",
    setup(builder) {
      builder.onResolve({ filter }, async (args) => {
        if (args.pluginData === "packages-by-path") return undefined;
        const resolved = await builder.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "packages-by-path",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}
