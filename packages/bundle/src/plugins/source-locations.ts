import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

/**
 * In the files `filter` matches, `import.meta.url` keeps meaning the source file's URL, not the bundle's: code
 * that finds files beside its source (the Cloud's web console in apps/cloud/web, a cache under the repository)
 * finds the same ones bundled or not. The bundle runs from the checkout it was built from (its packages are
 * imported from there by absolute URL too), so those files are there. Hand-written: esbuild's `define` is
 * one value for every file.
 *
 * @example
 * plugins: [sourceLocations(/\/apps\/cloud\/src\/.*\.ts$/)]
 */
export function sourceLocations(filter: RegExp): Plugin {
  return {
    name: "source-locations",
    setup(builder) {
      builder.onLoad({ filter }, async (args) => {
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta.url")) return undefined;
        return {
          contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
          loader: "ts",
        };
      });
    },
  };
}
