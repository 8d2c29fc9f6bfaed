import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFile, WorkspacePackage } from "./check-imports.ts";

/** The repository root (this file lives in tests/architecture/). */
export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** The packages the root package.json's `workspaces` names (`packages/*`, `apps/*`). */
export function listWorkspacePackages(root = repositoryRoot): WorkspacePackage[] {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
  const packages: WorkspacePackage[] = [];
  for (const pattern of manifest.workspaces) {
    if (!pattern.endsWith("/*")) throw new Error(`unsupported workspace pattern ${pattern}`);
    const parent = join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      const manifestPath = join(parent, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const { name } = JSON.parse(readFileSync(manifestPath, "utf8")) as { name: string };
      packages.push({ name, directory: toPosix(relative(root, join(parent, entry.name))) });
    }
  }
  return packages;
}

/** Every `.ts` / `.tsx` file under each package's `src/`, with repository-relative paths. */
export function readPackageSources(
  packages: readonly WorkspacePackage[],
  root = repositoryRoot,
): SourceFile[] {
  const files: SourceFile[] = [];
  for (const pkg of packages) {
    const src = join(root, pkg.directory, "src");
    if (!existsSync(src)) continue;
    for (const entry of readdirSync(src, { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(entry) || entry.split(sep).includes("node_modules")) continue;
      const absolute = join(src, entry);
      files.push({ path: toPosix(relative(root, absolute)), text: readFileSync(absolute, "utf8") });
    }
  }
  return files;
}
