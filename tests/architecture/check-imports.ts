import { builtinModules } from "node:module";
import { posix } from "node:path";
import { type DependencyPolicy, testOnly } from "./dependency-policy.ts";
import { importSpecifiers } from "./import-specifiers.ts";

/*
 * Written by hand rather than with dependency-cruiser: the rules are a dozen lines, the inputs are our own
 * files, and keeping the checker a pure function of file contents lets a test feed it a violation directly.
 */

/** A source file, with its path relative to the repository root (forward slashes). */
export interface SourceFile {
  path: string;
  text: string;
}

/** A workspace package: its npm name and its directory relative to the repository root. */
export interface WorkspacePackage {
  name: string;
  directory: string;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string | null;
  reason: string;
}

const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function isTestCode(path: string): boolean {
  return path.endsWith(".test.ts") || /\/test-[^/]*\.tsx?$/.test(path) || path.includes("/src/testing/");
}

function owningPackage(path: string, packages: readonly WorkspacePackage[]): WorkspacePackage | undefined {
  return packages.find((pkg) => path.startsWith(`${pkg.directory}/`));
}

/** Why one import breaks the rules of `pkg`, or null when it is allowed. */
function judge(
  file: SourceFile,
  specifier: string | null,
  pkg: WorkspacePackage,
  policy: DependencyPolicy,
  packages: readonly WorkspacePackage[],
): string | null {
  const rule = policy[pkg.directory];
  if (!rule) return `${pkg.directory} has no rules; add it to tests/architecture/dependency-policy.ts`;
  if (specifier === null) return "a computed import cannot be checked; import a string literal";
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
    return target.startsWith(`${pkg.directory}/`)
      ? null
      : `reaches outside ${pkg.directory} by path; import the other package by its name`;
  }
  if (specifier.startsWith("node:") || builtins.has(specifier)) {
    return rule.nodeBuiltins ? null : `${pkg.directory} must not use Node built-ins`;
  }
  const name = packageNameOf(specifier);
  if (isTestCode(file.path) && rule.testImports?.includes(name)) return null;
  const workspaceTarget = packages.find((candidate) => candidate.name === name);
  if (workspaceTarget) {
    if (workspaceTarget.directory === pkg.directory) return null;
    return rule.workspace.includes(name)
      ? null
      : `${pkg.directory} may not import ${workspaceTarget.directory}`;
  }
  if (rule.npm.includes(name)) return null;
  if (isTestCode(file.path) && testOnly.includes(name)) return null;
  return `${pkg.directory} may not import the npm package ${name}`;
}

/**
 * Every import in `files` that the policy does not allow. Files outside the workspace packages (tests/,
 * bench/) are not checked: they may import anything.
 */
export function checkImports(
  files: readonly SourceFile[],
  packages: readonly WorkspacePackage[],
  policy: DependencyPolicy,
): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const pkg = owningPackage(file.path, packages);
    if (!pkg) continue;
    for (const { specifier, line } of importSpecifiers(file.path, file.text)) {
      const reason = judge(file, specifier, pkg, policy, packages);
      if (reason) violations.push({ file: file.path, line, specifier, reason });
    }
  }
  return violations;
}

/** One line per violation, for a failure message a reader can act on. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => `${v.file}:${v.line} imports ${v.specifier ?? "(computed)"}: ${v.reason}`)
    .join("\n");
}
