import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/*
 * Decision 0010: a feature whose library declares a newer Node than ours runs only when the running Node
 * satisfies that library's `engines.node`, read from the installed package.json (one source of truth: upgrading
 * the library moves the gate with it). Otherwise the feature is off, says why, and nothing of the library is
 * loaded. The ranges libraries declare for Node are simple (`>= 24`, `>=22.12.0`, `^20.19.0 || >=22`); this
 * reads those and treats anything it cannot read as unsatisfied, so a strange range turns a feature off rather
 * than letting a library run where it was never meant to.
 */

/** Whether a library may be loaded on this Node, and why not. */
export type NodeGate = { open: true } | { open: false; reason: string };

type Version = [number, number, number];

function versionOf(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!match) return undefined;
  const part = (value: string | undefined) =>
    value === undefined || /^[x*]$/.test(value) ? 0 : Number(value);
  return [Number(match[1]), part(match[2]), part(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function comparatorHolds(comparator: string, version: Version): boolean {
  const match = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(comparator);
  const bound = match?.[2] ? versionOf(match[2]) : undefined;
  if (!match || !bound) return false;
  const order = compare(version, bound);
  switch (match[1]) {
    case ">=":
      return order >= 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case "<":
      return order < 0;
    case "^":
      return order >= 0 && version[0] === bound[0];
    case "~":
      return order >= 0 && version[0] === bound[0] && version[1] === bound[1];
    default: {
      // `20`, `20.x` and `20.1.*` fix only the parts written as numbers.
      const fixed = (match[2] ?? "").split(".").filter((part) => /^\d+$/.test(part)).length;
      return bound.slice(0, fixed).every((part, index) => version[index] === part);
    }
  }
}

/**
 * Whether `version` (`20.20.2`) is in `range` (`>= 24`, `^20.19.0 || >=22.12.0`).
 *
 * @example
 * nodeVersionSatisfies(">= 24", "24.1.0") // true
 * nodeVersionSatisfies(">= 24", "20.20.2") // false
 */
export function nodeVersionSatisfies(range: string, version: string): boolean {
  const current = versionOf(version);
  if (!current) return false;
  return range.split("||").some((alternative) => {
    // `>= 24` is one comparator written with a space.
    const comparators = alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .filter(Boolean);
    return comparators.length > 0 && comparators.every((comparator) => comparatorHolds(comparator, current));
  });
}

/** `>= 24` reads "Node 24", `>=22.12.0` "Node 22.12"; anything else "Node <range>". */
function describeRange(range: string): string {
  const single = /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  return single?.[1] ? single[1].replace(/(\.0)+$/, "") : range.trim();
}

/**
 * The installed package.json of `packageName`, found from its entry point without loading it. Resolved from the
 * first of `bases` that finds it: this file, then the process's main script (the gateway's launcher in the
 * checkout), since a bundle built into a temporary directory has no node_modules above it. Undefined when none
 * does.
 */
function installedManifest(
  packageName: string,
  bases: readonly string[],
): { engines?: { node?: unknown } } | undefined {
  let entry: string | undefined;
  for (const base of bases) {
    try {
      entry = createRequire(base).resolve(packageName);
      break;
    } catch {
      // Not resolvable from here: try the next base.
    }
  }
  if (entry === undefined) return undefined;
  let directory = dirname(entry);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
        name?: unknown;
        engines?: { node?: unknown };
      };
      if (manifest.name === packageName) return manifest;
    } catch {
      // No package.json here (a dist/ folder): keep walking up.
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The gate for one installed library on this Node, decided once at start.
 *
 * @example
 * const gate = libraryNodeGate("@microlink/mql");
 * if (!gate.open) console.log(gate.reason); // "needs Node 24 (this is 20.20.2)"
 */
export function libraryNodeGate(
  packageName: string,
  options: { nodeVersion?: string; from?: readonly string[] } = {},
): NodeGate {
  const nodeVersion = options.nodeVersion ?? process.versions.node;
  const bases = options.from ?? [import.meta.url, ...(process.argv[1] ? [process.argv[1]] : [])];
  const manifest = installedManifest(packageName, bases);
  if (!manifest) return { open: false, reason: `needs ${packageName}, which is not installed` };
  const range = manifest.engines?.node;
  if (typeof range !== "string" || nodeVersionSatisfies(range, nodeVersion)) return { open: true };
  return { open: false, reason: `needs Node ${describeRange(range)} (this is ${nodeVersion})` };
}
