import { posix } from "node:path";
import { importSpecifiers } from "./import-specifiers.ts";

/** A module reference that leaves the package: a bare specifier or a `node:` built-in. */
export interface ExternalImport {
  file: string;
  specifier: string;
}

export interface EntryGraph {
  /** Files reachable from the entry through relative imports, entry first. */
  files: string[];
  external: ExternalImport[];
  /** Relative imports that lead to no file, or computed imports (which could lead anywhere). */
  unresolved: ExternalImport[];
}

/**
 * Walks what an entry file really loads: its relative imports, transitively. `read` returns a file's text, or
 * undefined when there is no such file; paths are POSIX and relative to any fixed root.
 *
 * @example walkEntryGraph("src/index.ts", (p) => files[p]).external // [{ file: "src/a.ts", specifier: "zod" }]
 */
export function walkEntryGraph(entry: string, read: (path: string) => string | undefined): EntryGraph {
  const graph: EntryGraph = { files: [], external: [], unresolved: [] };
  const seen = new Set<string>();
  const pending = [{ path: posix.normalize(entry), importer: entry, specifier: entry }];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    if (seen.has(next.path)) continue;
    seen.add(next.path);
    const text = read(next.path);
    if (text === undefined) {
      graph.unresolved.push({ file: next.importer, specifier: next.specifier });
      continue;
    }
    graph.files.push(next.path);
    for (const { specifier } of importSpecifiers(next.path, text)) {
      if (specifier === null) graph.unresolved.push({ file: next.path, specifier: "(computed)" });
      else if (specifier.startsWith(".")) {
        pending.push({
          path: posix.join(posix.dirname(next.path), specifier),
          importer: next.path,
          specifier,
        });
      } else graph.external.push({ file: next.path, specifier });
    }
  }
  return graph;
}
