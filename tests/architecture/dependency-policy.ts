/*
 * What each workspace package may import: the rules of docs/architecture.md, written down so a test enforces
 * them. Imports point one way, `protocol ← egress ← {agent, clients} ← apps`; apps never import each other;
 * `packages/protocol` imports only zod; database code is reachable only from `apps/cloud`.
 */

/** The allow-list of one workspace package. Test code (`*.test.ts`, `test-*.ts`, `src/testing/`) may also use `testOnly`. */
export interface PackageRule {
  /** Workspace packages it may import, by package name. */
  workspace: readonly string[];
  /** npm packages it may import, by package name (a subpath import counts as its package). */
  npm: readonly string[];
  /** Whether Node built-ins (`node:*`) are allowed. Shared browser-safe code says no. */
  nodeBuiltins: boolean;
  /**
   * Packages only its test code may import: a real Cloud to run a gateway against, an official MCP server.
   * Production code of one app still never imports another.
   */
  testImports?: readonly string[];
}

/** Keyed by the package's directory relative to the repository root. */
export type DependencyPolicy = Readonly<Record<string, PackageRule>>;

/** Extra imports allowed in test code of every package. */
export const testOnly: readonly string[] = ["vitest"];

/** The only npm packages that talk to a database. */
export const databasePackages: readonly string[] = ["kysely", "pg", "@electric-sql/pglite"];

/** The one package that may hold them. */
export const databaseOwner = "apps/cloud";

/**
 * Layers, lowest first: a package may import workspace packages of lower layers only, which also keeps apps
 * (all on the top layer) from importing each other. A new package gets its place here before it gets rules.
 */
export function layerOf(directory: string): number | undefined {
  if (directory === "packages/protocol") return 0;
  // A build tool with no workspace imports: how apps run as bundles (decisions 0007, 0011).
  if (directory === "packages/bundle") return 0;
  if (directory === "packages/egress") return 1;
  if (["packages/agent", "packages/cloud-client", "packages/gateway-client"].includes(directory)) return 2;
  if (/^apps\/[^/]+$/.test(directory)) return 3;
  return undefined;
}

/** The rules of today's packages. Adding an import of a new package means adding it here, on purpose. */
export const dependencyPolicy: DependencyPolicy = {
  "packages/protocol": { workspace: [], npm: ["zod"], nodeBuiltins: false },
  "packages/bundle": { workspace: [], npm: ["esbuild"], nodeBuiltins: true },
  // Node built-ins only in its "./node" subpath; the package root stays pure (checked in packages/egress).
  "packages/egress": { workspace: ["@multiclaw/protocol"], npm: ["undici", "zod"], nodeBuiltins: true },
  "packages/agent": {
    workspace: ["@multiclaw/protocol", "@multiclaw/egress"],
    npm: [
      "@ai-sdk/anthropic",
      "@ai-sdk/google",
      "@ai-sdk/openai",
      "@ai-sdk/openai-compatible",
      "@ai-sdk/provider",
      "@ai-sdk/provider-utils",
      "@modelcontextprotocol/sdk",
      "@mozilla/readability",
      "ai",
      "linkedom",
      "zod",
    ],
    nodeBuiltins: true,
  },
  // Browser-safe: the app uses it too, so it takes fetch and a WebSocket constructor from its caller.
  "packages/cloud-client": { workspace: ["@multiclaw/protocol"], npm: ["zod"], nodeBuiltins: false },
  "packages/gateway-client": { workspace: ["@multiclaw/protocol"], npm: ["zod"], nodeBuiltins: false },
  "apps/gateway": {
    workspace: [
      "@multiclaw/protocol",
      "@multiclaw/egress",
      "@multiclaw/agent",
      "@multiclaw/cloud-client",
      "@multiclaw/bundle",
    ],
    npm: [
      "@microlink/mql",
      "cookie",
      "cors",
      "env-paths",
      "esbuild",
      "find-my-way",
      "helmet",
      "libsql",
      "pino",
      "sirv",
      "ulid",
      "undici",
      "ws",
      // SKILL.md front matter (skills/skill-manifest.ts).
      "yaml",
      "zod",
    ],
    nodeBuiltins: true,
    testImports: ["@multiclaw/cloud", "@multiclaw/gateway-client"],
  },
  "apps/cli": {
    workspace: [
      "@multiclaw/bundle",
      "@multiclaw/protocol",
      "@multiclaw/egress",
      "@multiclaw/cloud-client",
      "@multiclaw/gateway-client",
    ],
    npm: [
      "@clack/prompts",
      "cli-table3",
      "commander",
      "env-paths",
      "log-update",
      "picocolors",
      "undici",
      "ws",
      "zod",
    ],
    nodeBuiltins: true,
    testImports: ["@multiclaw/cloud", "@multiclaw/gateway"],
  },
  // The page the gateway serves: browser code only (its build script under build/ is not in src/).
  "apps/app": {
    workspace: [
      "@multiclaw/protocol",
      // Its root only (the inventory's pure helpers); the guard under ./node stays out of the browser.
      "@multiclaw/egress",
      "@multiclaw/cloud-client",
      "@multiclaw/gateway-client",
    ],
    npm: [
      "@tanstack/react-query",
      "@tanstack/react-virtual",
      "clsx",
      "highlight.js",
      "lucide-react",
      "react",
      "react-dom",
      "react-markdown",
      "rehype-highlight",
      "remark-gfm",
      "wouter",
      "zod",
    ],
    nodeBuiltins: false,
  },
  "apps/cloud": {
    workspace: ["@multiclaw/protocol", "@multiclaw/bundle"],
    npm: [
      "@electric-sql/pglite",
      "@hono/node-server",
      "@node-rs/argon2",
      "env-paths",
      "hono",
      "ioredis",
      "kysely",
      "pg",
      "pino",
      "rate-limiter-flexible",
      "ulid",
      "ws",
      "zod",
    ],
    nodeBuiltins: true,
    // The official Pusher libraries, to prove the Cloud's Pusher-protocol endpoint against them.
    testImports: ["pusher", "pusher-js"],
  },
};

/**
 * Checks the policy itself against the architecture, so the table cannot be edited into a violation:
 * workspace imports point down the layers, and only the database owner lists database packages.
 */
export function policyProblems(
  policy: DependencyPolicy,
  directoryOf: (packageName: string) => string | undefined,
) {
  const problems: string[] = [];
  for (const [directory, rule] of Object.entries(policy)) {
    const layer = layerOf(directory);
    if (layer === undefined) {
      problems.push(
        `${directory} has no layer; place it in layerOf() in tests/architecture/dependency-policy.ts`,
      );
      continue;
    }
    for (const name of rule.workspace) {
      const target = directoryOf(name);
      const targetLayer = target === undefined ? undefined : layerOf(target);
      if (target === undefined)
        problems.push(`${directory} allows ${name}, which is not a workspace package`);
      else if (targetLayer === undefined || targetLayer >= layer) {
        problems.push(
          `${directory} (layer ${layer}) may not import ${target} (layer ${targetLayer ?? "none"})`,
        );
      }
    }
    for (const name of rule.npm) {
      if (databasePackages.includes(name) && directory !== databaseOwner) {
        problems.push(`${directory} allows ${name}, but database code belongs to ${databaseOwner} only`);
      }
    }
  }
  const protocol = policy["packages/protocol"];
  if (protocol && (protocol.nodeBuiltins || protocol.workspace.length > 0 || protocol.npm.join() !== "zod")) {
    problems.push("packages/protocol may import zod and nothing else");
  }
  return problems;
}
