import { builtinModules } from "node:module";
import type { Plugin } from "esbuild";

/*
 * Node's built-in modules, reached from the bundle through require() even where the source says `import`.
 *
 * When an ES module imports a built-in, Node builds the module's ES namespace by reading every export once,
 * and that runs the lazy getters Node keeps on its modules for rarely used parts. On Node 24 `import … from
 * "node:http"` alone loads Node's own copy of undici (for `http.WebSocket`), which the gateway never uses:
 * with the rest of those getters, ~1.5 MiB of heap and external memory that stays. require() returns the
 * module object as it is, and its getters run only if called. esbuild then reads each imported name off that
 * object where it is used, so the code behaves the same.
 *
 * Only static `import` statements are redirected; `await import("node:…")` is left as it is. Hand-written:
 * esbuild has no option for it.
 */

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const builtin = new RegExp(`^(node:)?(${builtinModules.map(escapeRegExp).join("|")})$`);
const namespace = "builtin-as-commonjs";

export const builtinsAsCommonJs: Plugin = {
  name: "builtins-as-commonjs",
  setup(builder) {
    builder.onResolve({ filter: builtin }, (args) =>
      args.kind === "import-statement"
        ? { path: args.path.startsWith("node:") ? args.path : `node:${args.path}`, namespace }
        : undefined,
    );
    // A require() call, so it is not redirected again; the bundle's banner defines `require` (createRequire),
    // so this stays a plain call to Node's require.
    builder.onLoad({ filter: /.*/, namespace }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};
