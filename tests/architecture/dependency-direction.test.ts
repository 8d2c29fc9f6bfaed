import { describe, expect, it } from "vitest";
import { checkImports, formatViolations, type WorkspacePackage } from "./check-imports.ts";
import { type DependencyPolicy, dependencyPolicy, policyProblems } from "./dependency-policy.ts";
import { importSpecifiers } from "./import-specifiers.ts";
import { listWorkspacePackages, readPackageSources } from "./workspace-sources.ts";

const packages = listWorkspacePackages();
const directoryOf = (from: readonly WorkspacePackage[]) => (name: string) =>
  from.find((pkg) => pkg.name === name)?.directory;

describe("the repository's imports", () => {
  it("give every workspace package a rule in the policy", () => {
    expect(packages.map((pkg) => pkg.directory)).toContain("packages/protocol");
    const unruled = packages
      .filter((pkg) => !(pkg.directory in dependencyPolicy))
      .map((pkg) => pkg.directory);
    expect(unruled).toEqual([]);
  });

  it("have a policy that itself points down the layers and keeps database code in the Cloud", () => {
    expect(policyProblems(dependencyPolicy, directoryOf(packages))).toEqual([]);
  });

  it("stay inside each package's allow-list", () => {
    const files = readPackageSources(packages);
    expect(files.length).toBeGreaterThan(20);

    const violations = checkImports(files, packages, dependencyPolicy);

    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

/* A small made-up workspace, to prove the checker fails when a rule is broken. */
const fixturePackages: WorkspacePackage[] = [
  { name: "@multiclaw/protocol", directory: "packages/protocol" },
  { name: "@multiclaw/egress", directory: "packages/egress" },
  { name: "@multiclaw/cloud", directory: "apps/cloud" },
  { name: "@multiclaw/gateway", directory: "apps/gateway" },
];
const fixturePolicy: DependencyPolicy = {
  "packages/protocol": { workspace: [], npm: ["zod"], nodeBuiltins: false },
  "packages/egress": { workspace: ["@multiclaw/protocol"], npm: ["undici"], nodeBuiltins: true },
  "apps/cloud": { workspace: ["@multiclaw/protocol"], npm: ["kysely", "zod"], nodeBuiltins: true },
  "apps/gateway": { workspace: ["@multiclaw/protocol", "@multiclaw/egress"], npm: [], nodeBuiltins: true },
};
const reasonsFor = (path: string, text: string) =>
  checkImports([{ path, text }], fixturePackages, fixturePolicy).map((v) => `${v.specifier}: ${v.reason}`);

describe("the import checker", () => {
  it("accepts imports the policy allows", () => {
    const text = [
      'import { z } from "zod";',
      'import { kysely } from "kysely/helpers/postgres";',
      'import { readFile } from "node:fs/promises";',
      'import type { Task } from "@multiclaw/protocol";',
      'import { db } from "../db/connect.ts";',
      'import { helper } from "./helper.ts";',
      "// import { leak } from 'pg'; — a comment is not an import",
      'const text = "import { x } from \\"pg\\"";',
    ].join("\n");

    expect(reasonsFor("apps/cloud/src/tasks/assign.ts", text)).toEqual([]);
  });

  it("refuses Node built-ins and anything but zod in the protocol package", () => {
    const text = 'import { randomUUID } from "node:crypto";\nimport { sql } from "kysely";\nimport "crypto";';

    expect(reasonsFor("packages/protocol/src/ids.ts", text)).toEqual([
      "node:crypto: packages/protocol must not use Node built-ins",
      "kysely: packages/protocol may not import the npm package kysely",
      "crypto: packages/protocol must not use Node built-ins",
    ]);
  });

  it("refuses an app importing another app, and a package importing upwards", () => {
    expect(reasonsFor("apps/gateway/src/link.ts", 'export { x } from "@multiclaw/cloud/internal";')).toEqual([
      "@multiclaw/cloud/internal: apps/gateway may not import apps/cloud",
    ]);
    expect(reasonsFor("packages/protocol/src/x.ts", 'export * as egress from "@multiclaw/egress";')).toEqual([
      "@multiclaw/egress: packages/protocol may not import packages/egress",
    ]);
  });

  it("refuses database packages outside the Cloud, also through dynamic and type-only imports", () => {
    const text = 'const pg = await import("pg");\ntype Db = import("kysely").Kysely<never>;';

    expect(reasonsFor("apps/gateway/src/store.ts", text)).toEqual([
      "pg: apps/gateway may not import the npm package pg",
      "kysely: apps/gateway may not import the npm package kysely",
    ]);
  });

  it("refuses reaching into another package by relative path, and computed imports", () => {
    const text = 'import { db } from "../../../cloud/src/db/connect.ts";\nawait import(pathOf(name));';

    expect(reasonsFor("apps/gateway/src/store.ts", text)).toEqual([
      "../../../cloud/src/db/connect.ts: reaches outside apps/gateway by path; import the other package by its name",
      "null: a computed import cannot be checked; import a string literal",
    ]);
  });

  it("lets test code use vitest and nothing else beyond the package's list", () => {
    expect(reasonsFor("apps/gateway/src/link.test.ts", 'import { it } from "vitest";')).toEqual([]);
    expect(reasonsFor("apps/gateway/src/link.ts", 'import { it } from "vitest";')).toEqual([
      "vitest: apps/gateway may not import the npm package vitest",
    ]);
  });

  it("refuses every import of a package that has no rules", () => {
    const packagesWithNewcomer = [
      ...fixturePackages,
      { name: "@multiclaw/agent", directory: "packages/agent" },
    ];
    const violations = checkImports(
      [{ path: "packages/agent/src/loop.ts", text: 'import { z } from "zod";' }],
      packagesWithNewcomer,
      fixturePolicy,
    );

    expect(violations.map((v) => v.reason)).toEqual([
      "packages/agent has no rules; add it to tests/architecture/dependency-policy.ts",
    ]);
  });

  it("ignores files outside the workspace packages: tests and benchmarks may import anything", () => {
    const files = [
      { path: "bench/fanout/run.ts", text: 'import pg from "pg";\nimport "../../apps/cloud/src/x.ts";' },
    ];

    expect(checkImports(files, fixturePackages, fixturePolicy)).toEqual([]);
  });
});

describe("the policy check", () => {
  it("catches a policy that lets apps import each other or packages import upwards", () => {
    const policy: DependencyPolicy = {
      ...fixturePolicy,
      "apps/gateway": { workspace: ["@multiclaw/cloud"], npm: [], nodeBuiltins: true },
      "packages/protocol": { workspace: ["@multiclaw/egress"], npm: ["zod"], nodeBuiltins: false },
    };

    expect(policyProblems(policy, directoryOf(fixturePackages))).toEqual([
      "packages/protocol (layer 0) may not import packages/egress (layer 1)",
      "apps/gateway (layer 3) may not import apps/cloud (layer 3)",
      "packages/protocol may import zod and nothing else",
    ]);
  });

  it("catches database packages allowed outside the Cloud and Node built-ins in the protocol", () => {
    const policy: DependencyPolicy = {
      "packages/protocol": { workspace: [], npm: ["zod"], nodeBuiltins: true },
      "packages/egress": { workspace: [], npm: ["@electric-sql/pglite"], nodeBuiltins: true },
    };

    expect(policyProblems(policy, directoryOf(fixturePackages))).toEqual([
      "packages/egress allows @electric-sql/pglite, but database code belongs to apps/cloud only",
      "packages/protocol may import zod and nothing else",
    ]);
  });

  it("asks for a layer before a new package gets rules", () => {
    const policy: DependencyPolicy = { "packages/ui-kit": { workspace: [], npm: [], nodeBuiltins: false } };

    expect(policyProblems(policy, directoryOf(fixturePackages))).toEqual([
      "packages/ui-kit has no layer; place it in layerOf() in tests/architecture/dependency-policy.ts",
    ]);
  });
});

describe("import extraction", () => {
  it("finds every syntax that loads a module, with its line", () => {
    const text = [
      'import type { A } from "a";',
      'import "side-effect";',
      'export * as ns from "ns";',
      'export { b } from "b";',
      'import c = require("c");',
      'const d = require("d");',
      'const e = await import("e");',
      'type F = import("f").F;',
    ].join("\n");

    expect(importSpecifiers("x.ts", text)).toEqual([
      { specifier: "a", line: 1 },
      { specifier: "side-effect", line: 2 },
      { specifier: "ns", line: 3 },
      { specifier: "b", line: 4 },
      { specifier: "c", line: 5 },
      { specifier: "d", line: 6 },
      { specifier: "e", line: 7 },
      { specifier: "f", line: 8 },
    ]);
  });
});
