// @ts-check
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

/*
 * Whether a bundle (built by src/build-bundle.ts) is current: every file it was built from still has the size
 * and modification time it had then. Plain JavaScript, because it runs before anything could compile
 * TypeScript; one stat per input (~900 for the gateway) costs a few milliseconds.
 */

/**
 * @param {string} manifestPath the bundle's manifest (e.g. gateway-bundle.json)
 * @param {string} repositoryRoot what the manifest's input paths are relative to
 * @returns {{ entry: string } | { stale: string }}
 */
export function currentBundle(manifestPath, repositoryRoot) {
  /** @type {{ entry: string, inputs: Record<string, { mtimeMs: number, size: number }> }} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return { stale: "not built yet" };
  }
  for (const [path, seen] of Object.entries(manifest.inputs)) {
    const now = statSync(join(repositoryRoot, path), { throwIfNoEntry: false });
    if (!now) return { stale: `${path} is gone` };
    if (now.mtimeMs !== seen.mtimeMs || now.size !== seen.size) return { stale: `${path} changed` };
  }
  const entry = join(dirname(manifestPath), manifest.entry);
  if (!statSync(entry, { throwIfNoEntry: false })) return { stale: `${manifest.entry} is missing` };
  return { entry };
}
