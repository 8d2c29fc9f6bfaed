import { createRequire } from "node:module";
import { dirname } from "node:path";

// Resolved from this file: from the sources under tsx, and from the bundle in apps/gateway/dist alike, the
// installed @multiclaw/app is found through node_modules. (Named so esbuild leaves the call as it is.)
const resolveFromGateway = createRequire(import.meta.url);

/**
 * Where the installed @multiclaw/app keeps its built files (its `./dist` export names `dist/index.html`), or
 * null when it is not installed or not built. Asked again until found, so an App built while the gateway runs
 * is served without a restart.
 */
export function installedAppDirectory(): string | null {
  try {
    return dirname(resolveFromGateway.resolve("@multiclaw/app/dist"));
  } catch {
    return null;
  }
}
